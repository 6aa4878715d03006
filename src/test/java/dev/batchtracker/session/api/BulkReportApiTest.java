package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** POST …/{task_id}/nodes: several reports in one request, all or nothing, one version step. */
@QuarkusTest
class BulkReportApiTest {

    private static Response bulk(String id, List<Map<String, Object>> reports) {
        return Api.json().body(Map.of("reports", reports)).post(Api.SESSIONS + "/{id}/nodes", id);
    }

    private static Map<String, Object> report(String node, String status) {
        return Map.of("node_id", node, "status", status);
    }

    @Test
    void aGroupReportedInOneRequestIsOneVersionStepAndCanFinishTheSession() {
        String id = Api.runningSession(3);
        long before = Api.status(id).get("version").asLong();

        Response answer = bulk(id, List.of(report("a", "completed"), report("b", "failed"),
                Map.of("node_id", "c", "status", "completed", "result", Map.of("rows", 7))));

        JsonNode doc = Api.ok(answer);
        assertThat(doc.get("version").asLong()).isEqualTo(before + 1);
        assertThat(answer.header("ETag")).isEqualTo("\"" + (before + 1) + "\"");
        assertThat(doc.get("status").asText()).isEqualTo("partial_failure");
        assertThat(doc.get("completed_nodes").asInt()).isEqualTo(2);
        assertThat(doc.get("failed_nodes").asInt()).isEqualTo(1);
        Response completed = Api.json().get(Api.SESSIONS + "/{id}/nodes?status=completed", id);
        assertThat(completed.statusCode()).isEqualTo(200);
        assertThat(completed.jsonPath().getInt("items[1].result.rows")).isEqualTo(7);

        JsonNode retried = Api.ok(bulk(id, List.of(report("a", "completed"), report("b", "failed"),
                Map.of("node_id", "c", "status", "completed", "result", Map.of("rows", 7)))));
        assertThat(retried.get("version").asLong()).as("an identical retry is a no-op").isEqualTo(before + 1);
    }

    @Test
    void aRefusedItemRefusesTheWholeRequestAndIsNamed() {
        String id = Api.runningSession(5);
        Api.reportNode(id, "a", "completed");
        long before = Api.status(id).get("version").asLong();

        JsonNode problem = assertProblem(bulk(id, List.of(report("b", "completed"), report("a", "failed"))), 409);

        assertThat(problem.get("code").asText()).isEqualTo("node-conflict");
        assertThat(problem.get("item").asInt()).isEqualTo(1);
        assertThat(problem.get("detail").asText()).startsWith("reports[1]: ");
        JsonNode after = Api.status(id);
        assertThat(after.get("version").asLong()).isEqualTo(before);
        assertThat(after.get("completed_nodes").asInt()).as("b was not stored").isEqualTo(1);
    }

    @Test
    void theBodyIsValidatedFirstNamingTheItemAndField() {
        String id = Api.runningSession(5);

        assertInvalid(bulk(id, List.of(report("a", "completed"), report("b", "done"))), "reports[1].status");
        assertInvalid(bulk(id, List.of(report("a", "completed"), Map.of("status", "completed"))),
                "reports[1].node_id");
        assertInvalid(bulk(id, List.of(report("a", "completed"), report("b", "pending"))), "reports[1].status");
        assertInvalid(bulk(id, List.of()), "reports");
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            tooMany.add(report("n" + i, "completed"));
        }
        assertInvalid(bulk(id, tooMany), "reports");
        assertThat(Api.status(id).get("completed_nodes").asInt()).isZero();
    }
}
