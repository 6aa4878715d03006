package dev.batchtracker.session.api.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.StatusDocumentSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With batch.write-token set: writes and cross-session reads need the bearer token; reads by id stay open. */
@QuarkusTest
@TestProfile(WriteTokenProfile.class)
class WriteTokenApiTest {

    private static final String CREATE = "{\"canvas_path\":\"c\",\"node_count\":2}";

    private static RequestSpecification authorized() {
        return Api.json().header("Authorization", "Bearer " + WriteTokenProfile.TOKEN);
    }

    private static String createAuthorized() {
        Response response = authorized().body(CREATE).post(Api.SESSIONS);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        return StatusDocumentSchema.assertValid(response.asString()).get("task_id").asText();
    }

    private static void assertUnauthorized(Response response) {
        assertProblem(response, 401);
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(response.asString()).doesNotContain(WriteTokenProfile.TOKEN);
    }

    @Test
    void aWriteWithoutTokenIs401WithABearerChallenge() {
        Response response = Api.json().body(CREATE).post(Api.SESSIONS);

        assertUnauthorized(response);
        assertThat(response.header("WWW-Authenticate")).doesNotContain("invalid_token");
    }

    @Test
    void aWrongTokenIs401InvalidToken() {
        Response wrong = Api.json().header("Authorization", "Bearer " + WriteTokenProfile.TOKEN + "x")
                .body(CREATE).post(Api.SESSIONS);
        Response prefix = Api.json().header("Authorization", "Bearer " + WriteTokenProfile.TOKEN.substring(1))
                .body(CREATE).post(Api.SESSIONS);
        Response basic = Api.json().header("Authorization", "Basic " + WriteTokenProfile.TOKEN)
                .body(CREATE).post(Api.SESSIONS);

        assertUnauthorized(wrong);
        assertThat(wrong.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        assertUnauthorized(prefix);
        assertUnauthorized(basic);
    }

    @Test
    void theRightTokenIsAcceptedWhateverTheSchemeCase() {
        createAuthorized();
        Response lower = Api.json().header("Authorization", "bearer " + WriteTokenProfile.TOKEN)
                .body(CREATE).post(Api.SESSIONS);
        assertThat(lower.statusCode()).isEqualTo(201);
    }

    @Test
    void everyWriteNeedsTheToken() {
        String id = createAuthorized();

        assertUnauthorized(Api.json().body(Map.of("to", "running")).post(Api.SESSIONS + "/{id}/transitions", id));
        assertUnauthorized(Api.json().body(Map.of("status", "running")).put(Api.SESSIONS + "/{id}/nodes/a", id));
        assertUnauthorized(Api.json().body(Map.of("progress_percent", 1)).post(Api.SESSIONS + "/{id}/progress", id));
        assertUnauthorized(given().post(Api.SESSIONS + "/{id}/heartbeat", id));
        assertUnauthorized(given().delete(Api.SESSIONS + "/{id}", id));
        // Nothing changed.
        assertThat(Api.status(id).get("version").asLong()).isEqualTo(1);
    }

    @Test
    void everyWriteWorksWithTheToken() {
        String id = createAuthorized();

        Api.ok(authorized().body(Map.of("to", "running")).post(Api.SESSIONS + "/{id}/transitions", id));
        Api.ok(authorized().body(Map.of("status", "running")).put(Api.SESSIONS + "/{id}/nodes/a", id));
        Api.ok(authorized().body(Map.of("progress_percent", 1)).post(Api.SESSIONS + "/{id}/progress", id));
        authorized().post(Api.SESSIONS + "/{id}/heartbeat", id).then().statusCode(204);
        authorized().delete(Api.SESSIONS + "/{id}", id).then().statusCode(204);
    }

    @Test
    void theTokenIsCheckedBeforeTheBodyIsJudged() {
        assertUnauthorized(Api.json().body("{not json").post(Api.SESSIONS));
    }

    @Test
    void theSessionListNeedsTheToken() {
        assertUnauthorized(Api.json().get(Api.SESSIONS));
        JsonNode page = StatusDocumentSchema.assertValidItems(authorized().get(Api.SESSIONS).asString());
        assertThat(page.has("items")).isTrue();
        assertUnauthorized(Api.json().get(Api.SESSIONS + "/counts"));
        authorized().get(Api.SESSIONS + "/counts").then().statusCode(200);
    }

    @Test
    void metricsAndCleanupNeedTheToken() {
        assertUnauthorized(Api.json().get("/api/v1/parallel/metrics"));
        assertUnauthorized(Api.json().queryParam("dry_run", true).post("/api/v1/parallel/cleanup"));

        authorized().get("/api/v1/parallel/metrics").then().statusCode(200);
        authorized().queryParam("dry_run", true).post("/api/v1/parallel/cleanup").then().statusCode(200);
    }

    @Test
    void analyticsNeedTheTokenLikeTheList() {
        assertUnauthorized(Api.json().get("/api/v1/parallel/analytics"));

        authorized().get("/api/v1/parallel/analytics").then().statusCode(200);
    }

    @Test
    void readingOneSessionByIdStaysOpen() {
        String id = createAuthorized();

        Api.status(id);
        Response nodes = given().get(Api.SESSIONS + "/{id}/nodes", id);
        assertThat(nodes.statusCode()).isEqualTo(200);
    }
}
