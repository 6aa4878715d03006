package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** GET …/{task_id}/nodes: pages of node results by node id, with a status filter and opaque cursors. */
@QuarkusTest
class NodeListingApiTest {

    private static String groupedRunningSession(String... nodeIds) {
        String id = Api.create(Map.of("canvas_path", "c", "groups",
                List.of(Map.of("group_id", "g", "node_ids", List.of(nodeIds))))).get("task_id").asText();
        Api.transition(id, "running");
        return id;
    }

    private static JsonNode page(String id, Map<String, ?> query) {
        Response response = Api.json().queryParams(query).get(Api.SESSIONS + "/{id}/nodes", id);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return response.as(JsonNode.class);
    }

    @Test
    void cursorsWalkEveryNodeOnceInNodeIdOrder() {
        String id = groupedRunningSession("e", "c", "a", "d", "b");
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = page(id, cursor == null ? Map.of("limit", 2) : Map.of("limit", 2, "cursor", cursor));
            assertThat(page.get("items").size()).isLessThanOrEqualTo(2);
            page.get("items").forEach(item -> seen.add(item.get("node_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(seen).containsExactly("a", "b", "c", "d", "e");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void theStatusFilterKeepsOnlyThatStatus() {
        String id = groupedRunningSession("a", "b", "c", "d");
        Api.reportNode(id, "a", "failed");
        Api.reportNode(id, "b", "completed");
        Api.json().body(Map.of("status", "failed", "error", "boom")).put(Api.SESSIONS + "/{id}/nodes/c", id);

        JsonNode failed = page(id, Map.of("status", "failed"));

        assertThat(failed.get("items").findValuesAsText("node_id")).containsExactly("a", "c");
        assertThat(failed.at("/items/1/error").asText()).isEqualTo("boom");
        assertThat(failed.get("next_cursor").isNull()).isTrue();
        assertThat(page(id, Map.of("status", "pending")).get("items").findValuesAsText("node_id"))
                .containsExactly("d");
    }

    @Test
    void aNodeDocumentHasEveryDocumentedField() {
        String id = groupedRunningSession("a");
        JsonNode item = page(id, Map.of()).at("/items/0");

        assertThat(item.fieldNames()).toIterable().contains("node_id", "status", "result", "error", "started_at",
                "finished_at", "execution_time_ms");
        assertThat(item.get("status").asText()).isEqualTo("pending");
        assertThat(item.get("result").isNull()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1001", "abc", "1.5"})
    void aLimitOutside1To1000Is400(String limit) {
        String id = groupedRunningSession("a");
        assertInvalid(Api.json().queryParam("limit", limit).get(Api.SESSIONS + "/{id}/nodes", id), "limit");
    }

    @Test
    void anUnknownStatusIs400() {
        String id = groupedRunningSession("a");
        assertInvalid(Api.json().queryParam("status", "done").get(Api.SESSIONS + "/{id}/nodes", id), "status");
    }

    @Test
    void aCursorThisServiceDidNotIssueIs400() {
        String id = groupedRunningSession("a");
        assertInvalid(Api.json().queryParam("cursor", "***").get(Api.SESSIONS + "/{id}/nodes", id), "cursor");
    }

    @Test
    void anUnknownSessionIs404() {
        assertProblem(Api.json().get(Api.SESSIONS + "/{id}/nodes", "11111111-1111-4111-8111-111111111111"), 404);
    }
}
