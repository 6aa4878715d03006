package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.UUID;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** POST …/{task_id}/transitions. The whole table is tested in the domain; here: the HTTP answers. */
@QuarkusTest
class TransitionApiTest {

    private static Response transition(String id, Object body) {
        return Api.post(Api.SESSIONS + "/{id}/transitions", body, id);
    }

    @Test
    void anAllowedMoveAnswers200WithTheNewDocumentAndEtag() {
        String id = Api.createSession(2);

        Response response = transition(id, Map.of("to", "running", "reason", "executor started"));

        JsonNode doc = Api.ok(response);
        assertThat(response.header("ETag")).isEqualTo("\"2\"");
        assertThat(doc.get("status").asText()).isEqualTo("running");
        assertThat(doc.get("reason").asText()).isEqualTo("executor started");
        assertThat(doc.at("/history/0/reason").asText()).isEqualTo("executor started");
        assertThat(doc.get("started_at").isTextual()).isTrue();
    }

    @Test
    void anExecutorMayAbortARunningSessionAsFailed() {
        String id = Api.runningSession(5);

        JsonNode doc = Api.ok(transition(id, Map.of("to", "failed", "reason", "executor crashed")));

        assertThat(doc.get("status").asText()).isEqualTo("failed");
        assertThat(doc.get("finished_at").isTextual()).isTrue();
        assertThat(doc.get("eta_seconds").asLong()).isZero();
    }

    @Test
    void anIllegalMoveIs409WithCurrentStatusAndAllowedTransitions() {
        String id = Api.createSession(1);

        JsonNode problem = assertProblem(transition(id, Map.of("to", "completed")), 409);

        assertThat(problem.get("code").asText()).isEqualTo("illegal-transition");
        assertThat(problem.get("current_status").asText()).isEqualTo("pending");
        assertThat(problem.get("requested_status").asText()).isEqualTo("completed");
        assertThat(problem.get("allowed_transitions")).extracting(JsonNode::asText)
                .containsExactly("cancelled", "failed", "running");
        assertThat(Api.status(id).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aFinishedSessionAllowsNoMove() {
        String id = Api.createSession(1);
        Api.transition(id, "cancelled");

        JsonNode problem = assertProblem(transition(id, Map.of("to", "running")), 409);

        assertThat(problem.get("current_status").asText()).isEqualTo("cancelled");
        assertThat(problem.get("allowed_transitions")).isEmpty();
    }

    @Test
    void repeatingTheCurrentStatusIsANoOp() {
        String id = Api.runningSession(1);

        JsonNode doc = Api.ok(transition(id, Map.of("to", "running")));

        assertThat(doc.get("version").asLong()).isEqualTo(2);
        assertThat(doc.get("history")).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"to\":\"done\"}", "{\"to\":\"RUNNING\"}", "{\"to\":5}", "{\"to\":null}",
            "{\"reason\":\"x\"}", "{}"})
    void aMissingOrUnknownStatusIs400NamingTo(String body) {
        String id = Api.createSession(1);
        assertInvalid(Api.json().body(body).post(Api.SESSIONS + "/{id}/transitions", id), "to");
    }

    @Test
    void aReasonAboveOneKibIs400() {
        String id = Api.createSession(1);
        assertInvalid(transition(id, Map.of("to", "running", "reason", "r".repeat(1025))), "reason");
        // The limit is in bytes: 342 three-byte characters are 1026 bytes.
        assertInvalid(transition(id, Map.of("to", "running", "reason", "\u20ac".repeat(342))), "reason");
        Api.ok(transition(id, Map.of("to", "running", "reason", "r".repeat(1024))));
    }

    @Test
    void anUnknownSessionIs404() {
        assertProblem(transition(UUID.randomUUID().toString(), Map.of("to", "running")), 404);
    }
}
