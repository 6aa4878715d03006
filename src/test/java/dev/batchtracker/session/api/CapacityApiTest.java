package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** At batch.max-sessions a create is a 503 with Retry-After; room made by a delete is usable again. */
@QuarkusTest
@TestProfile(CapacityProfile.class)
class CapacityApiTest {

    @Test
    void aCreateBeyondMaxSessionsIs503WithRetryAfter() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CapacityProfile.MAX_SESSIONS; i++) {
            ids.add(Api.createSession(1));
        }

        Response full = Api.json().body("{\"canvas_path\":\"c\",\"node_count\":1}").post(Api.SESSIONS);

        JsonNode problem = assertProblem(full, 503);
        assertThat(problem.get("code").asText()).isEqualTo("capacity-exceeded");
        // Room comes back when the cleanup runs: its interval is the honest wait.
        assertThat(full.header("Retry-After")).isEqualTo("45");

        given().delete(Api.SESSIONS + "/{id}", ids.get(0)).then().statusCode(204);
        Api.createSession(1);
    }
}
