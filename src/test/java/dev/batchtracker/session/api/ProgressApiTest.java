package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** POST …/{task_id}/progress. */
@QuarkusTest
class ProgressApiTest {

    private static Response progress(String id, String body) {
        return Api.json().body(body).post(Api.SESSIONS + "/{id}/progress", id);
    }

    @Test
    void aReportedProgressIsShownAndAnsweredWith200() {
        String id = Api.runningSession(0);

        JsonNode doc = Api.ok(progress(id, "{\"progress_percent\": 42.5}"));

        assertThat(doc.get("progress_percent").asDouble()).isEqualTo(42.5);
        assertThat(doc.get("version").asLong()).isEqualTo(3);
    }

    @Test
    void progressNeverDecreases() {
        String id = Api.runningSession(0);
        Api.ok(progress(id, "{\"progress_percent\": 60}"));

        JsonNode problem = assertProblem(progress(id, "{\"progress_percent\": 59.9}"), 409);
        assertThat(problem.get("code").asText()).isEqualTo("progress-decrease");

        JsonNode same = Api.ok(progress(id, "{\"progress_percent\": 60}"));
        assertThat(same.get("version").asLong()).isEqualTo(3);
    }

    @Test
    void theShownProgressIsTheLargerOfReportedAndDerived() {
        String id = Api.runningSession(4);
        Api.reportNode(id, "a", "completed");
        Api.reportNode(id, "b", "failed");

        assertThat(Api.status(id).get("progress_percent").asDouble()).isEqualTo(50.0);
        // Below what is shown (derived from the nodes) is a decrease.
        assertProblem(progress(id, "{\"progress_percent\": 30}"), 409);
        assertThat(Api.ok(progress(id, "{\"progress_percent\": 70}")).get("progress_percent").asDouble())
                .isEqualTo(70.0);
        // Once the nodes derive more than was reported, the derived figure shows.
        assertThat(Api.reportNode(id, "c", "completed").get("progress_percent").asDouble()).isEqualTo(75.0);
    }

    @Test
    void progressIsAcceptedOnlyWhileRunning() {
        String id = Api.createSession(0);
        assertThat(assertProblem(progress(id, "{\"progress_percent\": 10}"), 409).get("code").asText())
                .isEqualTo("session-not-running");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"progress_percent\": null}", "{\"progress_percent\": -0.1}",
            "{\"progress_percent\": 100.01}", "{\"progress_percent\": \"NaN\"}", "{\"progress_percent\": NaN}",
            "{\"progress_percent\": \"50\"}", "{\"progress_percent\": 1e400}", "{\"progress_percent\": true}",
            "{\"progress_percent\": [50]}"})
    void aMissingOrOutOfRangeProgressIs400(String body) {
        String id = Api.runningSession(0);
        JsonNode problem = assertInvalid(progress(id, body), body.contains("NaN}") ? "body" : "progress_percent");
        assertThat(problem.get("detail").asText()).isNotBlank();
    }
}
