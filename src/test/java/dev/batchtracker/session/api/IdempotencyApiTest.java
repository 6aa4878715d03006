package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.StatusDocumentSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class IdempotencyApiTest {

    private static final String BODY = "{\"canvas_path\":\"canvas/x.json\",\"node_count\":2,\"metadata\":{\"a\":1,\"b\":[1,2]}}";

    private static Response create(String key, String body) {
        return Api.json().header("Idempotency-Key", key).body(body).post(Api.SESSIONS);
    }

    @Test
    void aRetriedCreateReturnsTheFirstSessionWithTheSame201() {
        String key = UUID.randomUUID().toString();
        Response first = create(key, BODY);
        Response retry = create(key, BODY);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        JsonNode firstDoc = StatusDocumentSchema.assertValid(first.asString());
        JsonNode retryDoc = StatusDocumentSchema.assertValid(retry.asString());
        assertThat(retryDoc).isEqualTo(firstDoc);
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(first.header("Idempotent-Replayed")).isNull();
    }

    @Test
    void theSameRequestReformattedIsStillTheSameRequest() {
        String key = UUID.randomUUID().toString();
        String reordered = "{ \"metadata\": {\"b\": [1, 2], \"a\": 1},\n \"node_count\": 2, \"canvas_path\": \"canvas/x.json\" }";
        Response first = create(key, BODY);
        Response retry = create(key, reordered);

        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.jsonPath().getString("task_id")).isEqualTo(first.jsonPath().getString("task_id"));
    }

    @Test
    void theSameKeyWithADifferentBodyIs422() {
        String key = UUID.randomUUID().toString();
        create(key, BODY);

        JsonNode problem = assertProblem(create(key, BODY.replace("\"node_count\":2", "\"node_count\":3")), 422);
        assertThat(problem.get("code").asText()).isEqualTo("idempotency-key-reused");
    }

    @Test
    void differentKeysAndNoKeyCreateDistinctSessions() {
        String a = create(UUID.randomUUID().toString(), BODY).jsonPath().getString("task_id");
        String b = create(UUID.randomUUID().toString(), BODY).jsonPath().getString("task_id");
        String c = Api.json().body(BODY).post(Api.SESSIONS).jsonPath().getString("task_id");
        String d = Api.json().body(BODY).post(Api.SESSIONS).jsonPath().getString("task_id");

        assertThat(java.util.Set.of(a, b, c, d)).hasSize(4);
    }

    @Test
    void aReplayShowsTheSessionAsItStandsNow() {
        String key = UUID.randomUUID().toString();
        String id = create(key, BODY).jsonPath().getString("task_id");
        Api.transition(id, "running");

        JsonNode replay = StatusDocumentSchema.assertValid(create(key, BODY).asString());
        assertThat(replay.get("task_id").asText()).isEqualTo(id);
        assertThat(replay.get("status").asText()).isEqualTo("running");
    }
}
