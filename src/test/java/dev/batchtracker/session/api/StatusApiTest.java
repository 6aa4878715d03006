package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.StatusDocumentSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/parallel/status/{task_id}: the document, its ETag, conditional requests, and bad ids. */
@QuarkusTest
class StatusApiTest {

    @Test
    void statusCarriesTheVersionAsEtagAndAsksCachesToRevalidate() {
        String id = Api.createSession(2);
        Api.transition(id, "running");

        Response response = Api.json().get(Api.STATUS, id);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = StatusDocumentSchema.assertValid(response.asString());
        assertThat(doc.get("version").asLong()).isEqualTo(2);
        assertThat(response.header("ETag")).isEqualTo("\"2\"");
        assertThat(response.header("Cache-Control")).isEqualTo("no-cache");
        assertThat(doc.get("history")).hasSize(1);
        assertThat(doc.at("/history/0/from").asText()).isEqualTo("pending");
        assertThat(doc.at("/history/0/to").asText()).isEqualTo("running");
        assertThat(doc.get("started_at").isTextual()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1\"", "W/\"1\"", "*", "\"0\", \"1\""})
    void aMatchingIfNoneMatchIs304WithoutBody(String ifNoneMatch) {
        String id = Api.createSession(1);

        Response response = Api.json().header("If-None-Match", ifNoneMatch).get(Api.STATUS, id);

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        assertThat(response.asString()).isEmpty();
    }

    @Test
    void anOutdatedEtagGetsTheNewDocument() {
        String id = Api.createSession(1);
        Api.transition(id, "running");

        Response response = Api.json().header("If-None-Match", "\"1\"").get(Api.STATUS, id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(StatusDocumentSchema.assertValid(response.asString()).get("version").asLong()).isEqualTo(2);
    }

    @Test
    void anUnknownIdIs404() {
        JsonNode problem = assertProblem(Api.json().get(Api.STATUS, "5f0c1c9e-2a4b-4c8d-9e0f-1a2b3c4d5e6f"), 404);
        assertThat(problem.get("type").asText()).endsWith(":not-found");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "12345", "5f0c1c9e2a4b4c8d9e0f1a2b3c4d5e6f", "5f0c1c9e-2a4b-4c8d-9e0f-1a2b3c4d5e6",
            "..%2F..%2Fetc"})
    void aMalformedIdIs404(String id) {
        assertProblem(Api.json().urlEncodingEnabled(false).get("/api/v1/parallel/status/" + id), 404);
    }

    @Test
    void anUppercaseIdNamesTheSameSession() {
        String id = Api.createSession(1);

        Response response = Api.json().get(Api.STATUS, id.toUpperCase(Locale.ROOT));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(StatusDocumentSchema.assertValid(response.asString()).get("task_id").asText()).isEqualTo(id);
    }

    @Test
    void aVersionAlreadyPassedAnswersAtOnceWithoutWaiting() {
        String id = Api.createSession(1);
        Api.transition(id, "running");

        Response response = Api.json().queryParam("wait_for_version", 1).queryParam("timeout", "60s")
                .get(Api.STATUS, id);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(StatusDocumentSchema.assertValid(response.asString()).get("version").asLong()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "1.5"})
    void aMalformedWaitForVersionIs400(String value) {
        String id = Api.createSession(1);
        assertInvalid(Api.json().queryParam("wait_for_version", value).get(Api.STATUS, id), "wait_for_version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"done", "TERMINAL", "true", "terminal,version"})
    void aWaitOtherThanTerminalIs400(String value) {
        String id = Api.createSession(1);
        assertInvalid(Api.json().queryParam("wait", value).get(Api.STATUS, id), "wait");
    }

    @Test
    void waitTerminalWithWaitForVersionIs400() {
        String id = Api.createSession(1);
        assertInvalid(Api.json().queryParam("wait", "terminal").queryParam("wait_for_version", 1)
                .get(Api.STATUS, id), "wait");
    }

    @Test
    void waitTerminalTakesTheSameTimeoutBound() {
        String id = Api.createSession(1);
        assertInvalid(Api.json().queryParam("wait", "terminal").queryParam("timeout", "61s")
                .get(Api.STATUS, id), "timeout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"61s", "2m", "soon", "-5s"})
    void aTimeoutAboveSixtySecondsOrMalformedIs400(String timeout) {
        String id = Api.createSession(1);
        assertInvalid(Api.json().queryParam("wait_for_version", 1).queryParam("timeout", timeout)
                .get(Api.STATUS, id), "timeout");
    }

    @Test
    void readsDoNotChangeTheSession() {
        String id = Api.createSession(1);
        JsonNode before = Api.status(id);
        JsonNode after = Api.status(id);

        assertThat(after.get("version")).isEqualTo(before.get("version"));
        assertThat(after.get("expires_at")).isEqualTo(before.get("expires_at"));
        assertThat(after.get("last_activity_at")).isEqualTo(before.get("last_activity_at"));
    }
}
