package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** PUT …/{task_id}/nodes/{node_id}: accounting, idempotency, conflicts and the automatic finish over HTTP. */
@QuarkusTest
class NodeReportApiTest {

    private static Response report(String id, String node, Object body) {
        return Api.json().body(body).put(Api.SESSIONS + "/{id}/nodes/{node}", id, node);
    }

    @Test
    void reportsMoveTheCountersAndTheLastOneFinishesTheSession() {
        String id = Api.runningSession(2);

        JsonNode running = Api.reportNode(id, "a", "running");
        assertThat(running.get("running_nodes").asInt()).isEqualTo(1);
        assertThat(running.get("pending_nodes").asInt()).isEqualTo(1);

        JsonNode half = Api.reportNode(id, "a", "completed");
        assertThat(half.get("completed_nodes").asInt()).isEqualTo(1);
        assertThat(half.get("running_nodes").asInt()).isZero();
        assertThat(half.get("progress_percent").asDouble()).isEqualTo(50.0);

        JsonNode done = Api.reportNode(id, "b", "failed");
        assertThat(done.get("status").asText()).isEqualTo("partial_failure");
        assertThat(done.get("failed_nodes").asInt()).isEqualTo(1);
        assertThat(done.get("finished_at").isTextual()).isTrue();
    }

    @Test
    void allNodesCompletedMakesTheSessionCompletedAt100Percent() {
        String id = Api.runningSession(1);

        JsonNode doc = Api.reportNode(id, "only", "completed");

        assertThat(doc.get("status").asText()).isEqualTo("completed");
        assertThat(doc.get("progress_percent").asDouble()).isEqualTo(100.0);
    }

    @Test
    void anIdenticalTerminalReportIsANoOpEvenAfterTheFinish() {
        String id = Api.runningSession(1);
        JsonNode finished = Api.reportNode(id, "a", "completed");

        JsonNode repeat = Api.reportNode(id, "a", "completed");

        assertThat(repeat.get("version")).isEqualTo(finished.get("version"));
        assertThat(repeat.get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aBackwardReportIsANoOp() {
        String id = Api.runningSession(2);
        JsonNode completed = Api.reportNode(id, "a", "completed");

        JsonNode backwards = Api.reportNode(id, "a", "running");

        assertThat(backwards.get("version")).isEqualTo(completed.get("version"));
        assertThat(backwards.get("running_nodes").asInt()).isZero();
    }

    @Test
    void aConflictingTerminalReportIs409() {
        String id = Api.runningSession(2);
        Api.reportNode(id, "a", "completed");

        JsonNode problem = assertProblem(report(id, "a", Map.of("status", "failed")), 409);

        assertThat(problem.get("code").asText()).isEqualTo("node-conflict");
    }

    @Test
    void aNewNodeBeyondNodeCountIs409() {
        String id = Api.runningSession(1);
        Api.reportNode(id, "a", "running");

        JsonNode problem = assertProblem(report(id, "b", Map.of("status", "running")), 409);

        assertThat(problem.get("code").asText()).isEqualTo("node-limit");
    }

    @Test
    void aNodeOutsideTheGroupsIs422() {
        String id = Api.create(Map.of("canvas_path", "c", "groups",
                List.of(Map.of("group_id", "g", "node_ids", List.of("a", "b"))))).get("task_id").asText();
        Api.transition(id, "running");

        JsonNode problem = assertProblem(report(id, "zzz", Map.of("status", "running")), 422);

        assertThat(problem.get("code").asText()).isEqualTo("unknown-node");
    }

    @Test
    void reportsAreAcceptedOnlyWhileRunning() {
        String pending = Api.createSession(2);
        assertThat(assertProblem(report(pending, "a", Map.of("status", "running")), 409).get("code").asText())
                .isEqualTo("session-not-running");

        String finished = Api.runningSession(1);
        Api.reportNode(finished, "a", "completed");
        assertThat(assertProblem(report(finished, "a", Map.of("status", "failed")), 409).get("code").asText())
                .isEqualTo("session-not-running");
    }

    @Test
    void resultAndErrorAreKeptAndExecutionTimeIsDerived() {
        String id = Api.runningSession(2);
        Map<String, Object> result = Map.of("rows", 1200, "files", List.of("a.csv"), "ratio", 0.25);

        Api.ok(report(id, "a", Map.of("status", "completed", "result", result,
                "started_at", "2025-01-31T12:00:00Z", "finished_at", "2025-01-31T12:00:01.500Z")));
        Api.ok(report(id, "b", Map.of("status", "failed", "error", "disk full", "result", "partial")));

        JsonNode nodes = Api.json().get(Api.SESSIONS + "/{id}/nodes", id).as(JsonNode.class);
        JsonNode a = nodes.at("/items/0");
        assertThat(a.get("node_id").asText()).isEqualTo("a");
        assertThat(a.at("/result/rows").asInt()).isEqualTo(1200);
        assertThat(a.at("/result/files/0").asText()).isEqualTo("a.csv");
        assertThat(a.at("/result/ratio").asDouble()).isEqualTo(0.25);
        assertThat(a.get("execution_time_ms").asLong()).isEqualTo(1500);
        assertThat(a.get("started_at").asText()).isEqualTo("2025-01-31T12:00:00Z");
        JsonNode b = nodes.at("/items/1");
        assertThat(b.get("error").asText()).isEqualTo("disk full");
        assertThat(b.get("result").asText()).isEqualTo("partial");
    }

    @Test
    void anUnknownSessionIs404() {
        assertProblem(report("00000000-0000-4000-8000-000000000000", "a", Map.of("status", "running")), 404);
    }
}
