package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.StatusDocumentSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

/** GET /api/v1/parallel/sessions: newest first, without history, status filter, cursor paging. */
@QuarkusTest
class SessionListApiTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static JsonNode page(Map<String, ?> query) {
        Response response = Api.json().queryParams(query).get(Api.SESSIONS);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return StatusDocumentSchema.assertValidItems(response.asString());
    }

    /** Every session the list holds, page by page, in the order given. */
    private static List<JsonNode> walk(Map<String, ?> query, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10_000; pages++) {
            Map<String, Object> q = new java.util.HashMap<>(query);
            q.put("limit", limit);
            if (cursor != null) {
                q.put("cursor", cursor);
            }
            JsonNode page = page(q);
            assertThat(page.get("items").size()).isLessThanOrEqualTo(limit);
            page.get("items").forEach(items::add);
            if (page.get("next_cursor").isNull()) {
                return items;
            }
            cursor = page.get("next_cursor").asText();
        }
        throw new AssertionError("paging did not end");
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(item -> item.get("task_id").asText()).toList();
    }

    @Test
    void sessionsAreListedNewestFirstAndEachOnceAcrossPages() {
        String first = Api.createSession(1);
        clock.advance(Duration.ofSeconds(1));
        String second = Api.createSession(1);
        clock.advance(Duration.ofSeconds(1));
        String third = Api.createSession(1);

        List<JsonNode> items = walk(Map.of(), 2);

        assertThat(ids(items)).doesNotHaveDuplicates();
        assertThat(ids(items).stream().filter(List.of(first, second, third)::contains))
                .containsExactly(third, second, first);
        List<Instant> created = items.stream().map(item -> Instant.parse(item.get("created_at").asText())).toList();
        assertThat(created).isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void listedDocumentsHaveNoHistory() {
        Api.runningSession(1);

        JsonNode page = page(Map.of("limit", 5));

        assertThat(page.get("items")).isNotEmpty();
        page.get("items").forEach(item -> assertThat(item.has("history")).isFalse());
    }

    @Test
    void theStatusFilterKeepsOnlyThatStatus() {
        String running = Api.runningSession(1);
        String pending = Api.createSession(1);

        List<String> runningIds = ids(walk(Map.of("status", "running"), 50));
        JsonNode page = page(Map.of("status", "running", "limit", 500));

        assertThat(runningIds).contains(running).doesNotContain(pending);
        page.get("items").forEach(item -> assertThat(item.get("status").asText()).isEqualTo("running"));
    }

    @Test
    void theDefaultPageHasAtMost50() {
        for (int i = 0; i < 51; i++) {
            Api.createSession(0);
        }
        JsonNode page = page(Map.of());

        assertThat(page.get("items")).hasSize(50);
        assertThat(page.get("next_cursor").isTextual()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "501", "x"})
    void aLimitOutside1To500Is400(String limit) {
        assertInvalid(Api.json().queryParam("limit", limit).get(Api.SESSIONS), "limit");
    }

    @Test
    void anUnknownStatusIs400() {
        assertInvalid(Api.json().queryParam("status", "busy").get(Api.SESSIONS), "status");
    }

    @Test
    void aForeignCursorIs400() {
        assertInvalid(Api.json().queryParam("cursor", "bm90LWEta2V5").get(Api.SESSIONS), "cursor");
        assertInvalid(Api.json().queryParam("cursor", "%%%").get(Api.SESSIONS), "cursor");
    }
}
