package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.StatusDocumentSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class CreateSessionApiTest {

    @Test
    void createAnswers201WithLocationEtagAndThePendingDocument() {
        Response response = Api.post(Api.SESSIONS, Map.of("canvas_path", "canvas/etl.json", "node_count", 3));

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode doc = StatusDocumentSchema.assertValid(response.asString());
        String id = doc.get("task_id").asText();
        assertThat(UUID.fromString(id).version()).isEqualTo(4);
        assertThat(response.header("Location")).isEqualTo("/api/v1/parallel/status/" + id);
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        assertThat(doc.get("status").asText()).isEqualTo("pending");
        assertThat(doc.get("version").asLong()).isEqualTo(1);
        assertThat(doc.get("canvas_path").asText()).isEqualTo("canvas/etl.json");
        assertThat(doc.get("node_count").asInt()).isEqualTo(3);
        assertThat(doc.get("pending_nodes").asInt()).isEqualTo(3);
        assertThat(doc.get("progress_percent").asDouble()).isZero();
        assertThat(doc.get("groups")).isEmpty();
        assertThat(doc.get("metadata").isObject()).isTrue();
        assertThat(doc.get("metadata")).isEmpty();
        assertThat(doc.get("history")).isEmpty();
    }

    @Test
    void theLocationServesTheSameSessionAsJsonByDefault() {
        Response created = Api.post(Api.SESSIONS, Map.of("canvas_path", "c", "node_count", 0));
        // No Accept header beyond rest-assured's */*: the JSON document, not the event stream.
        Response status = given().get(created.header("Location"));

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.contentType()).startsWith("application/json");
        JsonNode doc = StatusDocumentSchema.assertValid(status.asString());
        assertThat(doc.get("task_id").asText()).isEqualTo(created.jsonPath().getString("task_id"));
    }

    @Test
    void groupsDefineTheNodeSetAndNodeCount() {
        JsonNode doc = Api.create(Map.of("canvas_path", "c", "groups", List.of(
                Map.of("group_id", "extract", "node_ids", List.of("a", "b")),
                Map.of("group_id", "load", "node_ids", List.of("c", "a")))));

        assertThat(doc.get("node_count").asInt()).isEqualTo(3);
        assertThat(doc.get("pending_nodes").asInt()).isEqualTo(3);
        assertThat(doc.at("/groups/0/group_id").asText()).isEqualTo("extract");
        assertThat(doc.at("/groups/1/node_ids/1").asText()).isEqualTo("a");
        List<String> nodeIds = given().get(Api.SESSIONS + "/{id}/nodes", doc.get("task_id").asText())
                .jsonPath().getList("items.node_id");
        assertThat(nodeIds).containsExactly("a", "b", "c");
    }

    @Test
    void metadataIsKeptAsGiven() {
        Map<String, Object> metadata = Map.of("owner", "etl-team", "attempt", 2, "tags", List.of("nightly"),
                "nested", Map.of("ok", true));
        JsonNode doc = Api.create(Map.of("canvas_path", "c", "node_count", 1, "metadata", metadata));

        assertThat(doc.at("/metadata/owner").asText()).isEqualTo("etl-team");
        assertThat(doc.at("/metadata/attempt").asInt()).isEqualTo(2);
        assertThat(doc.at("/metadata/tags/0").asText()).isEqualTo("nightly");
        assertThat(doc.at("/metadata/nested/ok").asBoolean()).isTrue();
    }

    @Test
    void nodeCountMustMatchTheGroups() {
        assertInvalid(Api.post(Api.SESSIONS, Map.of("canvas_path", "c", "node_count", 5,
                "groups", List.of(Map.of("group_id", "g", "node_ids", List.of("a"))))), "node_count");
    }

    @Test
    void nodeCountOrGroupsIsRequired() {
        assertInvalid(Api.post(Api.SESSIONS, Map.of("canvas_path", "c")), "node_count");
    }

    @Test
    void nodeCountAboveMaxNodesIsRejected() {
        assertInvalid(Api.post(Api.SESSIONS, Map.of("canvas_path", "c", "node_count", 100_001)), "node_count");
        Api.create(Map.of("canvas_path", "c", "node_count", 100_000));
    }

    @Test
    void aGroupIdMayAppearOnlyOnce() {
        assertInvalid(Api.post(Api.SESSIONS, Map.of("canvas_path", "c", "groups", List.of(
                Map.of("group_id", "g", "node_ids", List.of("a")),
                Map.of("group_id", "g", "node_ids", List.of("b"))))), "groups");
    }
}
