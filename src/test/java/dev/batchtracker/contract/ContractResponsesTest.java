package dev.batchtracker.contract;

import dev.batchtracker.session.api.document.StatusDocument;
import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.OpenApiSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Real answers of every shape match the schemas the OpenAPI contract gives them. */
@QuarkusTest
class ContractResponsesTest {

    private static String ok(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isBetween(200, 201);
        return response.asString();
    }

    @Test
    void statusDocumentsAndPagesMatch() {
        String id = Api.runningSession(2);
        Api.reportNode(id, "a", "completed");

        OpenApiSchemas.assertValid("StatusDocument", ok(Api.json().get(Api.STATUS, id)));
        OpenApiSchemas.assertValid("StatusPage", ok(Api.json().queryParam("limit", 3).get(Api.SESSIONS)));
        JsonNode nodes = OpenApiSchemas.assertValid("NodePage", ok(Api.json().get(Api.SESSIONS + "/{id}/nodes", id)));
        assertThat(nodes.get("items")).hasSize(1);
    }

    @Test
    void metricsAndCleanupMatch() {
        Api.createSession(1);

        OpenApiSchemas.assertValid("Metrics", ok(Api.json().get("/api/v1/parallel/metrics")));
        JsonNode report = OpenApiSchemas.assertValid("CleanupReport",
                ok(Api.json().queryParam("dry_run", true).post("/api/v1/parallel/cleanup")));
        assertThat(report.get("dry_run").asBoolean()).isTrue();
    }

    @Test
    void problemsMatch() {
        String id = Api.createSession(1);

        OpenApiSchemas.assertValid("ValidationProblem",
                Api.json().body("{\"to\":\"nowhere\"}").post(Api.SESSIONS + "/{id}/transitions", id).asString());
        OpenApiSchemas.assertValid("IllegalTransitionProblem",
                Api.post(Api.SESSIONS + "/{id}/transitions", Map.of("to", "completed"), id).asString());
        OpenApiSchemas.assertValid("CodedProblem",
                Api.json().body(Map.of("status", "running")).put(Api.SESSIONS + "/{id}/nodes/a", id).asString());
        OpenApiSchemas.assertValid("Problem", given().get(Api.STATUS, "44444444-4444-4444-8444-444444444444").asString());
        given().delete(Api.SESSIONS + "/{id}", id).then().statusCode(204);
        OpenApiSchemas.assertValid("GoneProblem", given().get(Api.STATUS, id).asString());
    }

    @Test
    void aMismatchIsCaught() {
        // The helper itself must be able to fail: a problem is not a status document.
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenApiSchemas.assertValid("StatusDocument",
                        given().get(Api.STATUS, "44444444-4444-4444-8444-444444444444").asString()))
                .isInstanceOf(AssertionError.class);
    }
}
