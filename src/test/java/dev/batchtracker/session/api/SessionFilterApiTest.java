package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.StatusDocumentSchema;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Labels on create and in the status document; the filters of GET /api/v1/parallel/sessions and its /counts. Each
 * test labels its sessions with a run id of its own, so the sessions of other tests in the shared store never match.
 */
@QuarkusTest
class SessionFilterApiTest {

    private static final String COUNTS = Api.SESSIONS + "/counts";

    @Inject
    MutableClock clock;

    private final String run = UUID.randomUUID().toString();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private String create(String canvasPath, Map<String, String> labels) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put("run", run);
        return Api.create(Map.of("canvas_path", canvasPath, "node_count", 1, "labels", all)).get("task_id").asText();
    }

    /** A request with this test's run label, and the given parameters (a name may repeat). */
    private RequestSpecification filtered(Object... nameValues) {
        RequestSpecification request = Api.json().queryParam("label", "run:" + run);
        for (int i = 0; i < nameValues.length; i += 2) {
            request = request.queryParam((String) nameValues[i], nameValues[i + 1]);
        }
        return request;
    }

    private static List<String> ids(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode page = StatusDocumentSchema.assertValidItems(response.asString());
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("task_id").asText()));
        return ids;
    }

    @Test
    void labelsAreReturnedAsGivenAndAnEmptyObjectWhenNone() {
        JsonNode labelled = Api.create(Map.of("canvas_path", "c", "node_count", 1,
                "labels", Map.of("team", "data-eng", "k8s.io/name", "", "note", "a: b")));
        JsonNode plain = Api.create(Map.of("canvas_path", "c", "node_count", 1));

        assertThat(labelled.get("labels").properties()).hasSize(3);
        assertThat(labelled.get("labels").get("team").asText()).isEqualTo("data-eng");
        assertThat(labelled.get("labels").get("k8s.io/name").asText()).isEmpty();
        assertThat(Api.status(labelled.get("task_id").asText()).get("labels")).isEqualTo(labelled.get("labels"));
        assertThat(plain.get("labels").isObject()).isTrue();
        assertThat(plain.get("labels").isEmpty()).isTrue();
    }

    static Stream<Arguments> badLabels() {
        StringBuilder many = new StringBuilder("{");
        for (int i = 0; i < 17; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        String tooMany = many.append('}').toString();
        return Stream.of(
                arguments("[\"a\"]", "labels"),
                arguments("\"team\"", "labels"),
                arguments(tooMany, "labels"),
                arguments("{\"Team\":\"x\"}", "labels"),
                arguments("{\"-team\":\"x\"}", "labels"),
                arguments("{\"" + "k".repeat(64) + "\":\"x\"}", "labels"),
                arguments("{\"team\":1}", "labels.team"),
                arguments("{\"team\":true}", "labels.team"),
                arguments("{\"team\":{\"a\":\"b\"}}", "labels.team"),
                arguments("{\"team\":null}", "labels.team"),
                arguments("{\"team\":\"" + "v".repeat(129) + "\"}", "labels.team"));
    }

    @ParameterizedTest
    @MethodSource("badLabels")
    void aBadLabelIsA400NamingTheField(String labels, String field) {
        assertInvalid(Api.json().body("{\"canvas_path\":\"c\",\"node_count\":1,\"labels\":" + labels + "}")
                .post(Api.SESSIONS), field);
    }

    @Test
    void labelsArePartOfTheIdempotencyFingerprint() {
        String key = "labels-" + run;
        Response first = Api.json().header("Idempotency-Key", key)
                .body(Map.of("canvas_path", "c", "node_count", 1, "labels", Map.of("team", "a"))).post(Api.SESSIONS);
        Response sameLabels = Api.json().header("Idempotency-Key", key)
                .body(Map.of("canvas_path", "c", "node_count", 1, "labels", Map.of("team", "a"))).post(Api.SESSIONS);
        Response otherLabels = Api.json().header("Idempotency-Key", key)
                .body(Map.of("canvas_path", "c", "node_count", 1, "labels", Map.of("team", "b"))).post(Api.SESSIONS);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(sameLabels.statusCode()).isEqualTo(201);
        assertThat(sameLabels.header(SessionsResource.REPLAYED_HEADER)).isEqualTo("true");
        assertThat(otherLabels.statusCode()).as(otherLabels.asString()).isEqualTo(422);
    }

    @Test
    void theListFiltersByLabelStatusCanvasPathAndCreationTime() {
        String a = create("canvases/etl/a.json", Map.of("team", "data", "env", "prod"));
        clock.advance(Duration.ofSeconds(10));
        Instant middle = clock.instant();
        clock.advance(Duration.ofSeconds(10));
        String b = create("canvases/etl/b.json", Map.of("team", "ml"));
        clock.advance(Duration.ofSeconds(10));
        String c = create("canvases/ml/c.json", Map.of("team", "data"));
        Api.transition(b, "running");
        Api.transition(c, "cancelled");

        assertThat(ids(filtered().get(Api.SESSIONS))).containsExactly(c, b, a);
        assertThat(ids(filtered("label", "team:data").get(Api.SESSIONS))).containsExactly(c, a);
        assertThat(ids(filtered("label", "env").get(Api.SESSIONS))).containsExactly(a);
        assertThat(ids(filtered("label", "team:data", "label", "env:prod").get(Api.SESSIONS))).containsExactly(a);
        assertThat(ids(filtered("label", "team:nobody").get(Api.SESSIONS))).isEmpty();
        assertThat(ids(filtered("status", "running").get(Api.SESSIONS))).containsExactly(b);
        assertThat(ids(filtered("status", "running", "status", "pending").get(Api.SESSIONS))).containsExactly(b, a);
        assertThat(ids(filtered("canvas_path_prefix", "canvases/etl/").get(Api.SESSIONS))).containsExactly(b, a);
        assertThat(ids(filtered("created_after", middle.toString()).get(Api.SESSIONS))).containsExactly(c, b);
        assertThat(ids(filtered("created_before", middle.toString()).get(Api.SESSIONS))).containsExactly(a);
        assertThat(ids(filtered("canvas_path_prefix", "canvases/", "status", "cancelled", "label", "team:data",
                "created_after", middle.toString()).get(Api.SESSIONS))).containsExactly(c);
    }

    @Test
    void aFilteredListPagesWithItsCursor() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(0, create("canvases/page.json", Map.of("even", Boolean.toString(i % 2 == 0))));
            clock.advance(Duration.ofMillis(5));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10; pages++) {
            RequestSpecification request = filtered("label", "even:true", "limit", 2);
            Response response = (cursor == null ? request : request.queryParam("cursor", cursor)).get(Api.SESSIONS);
            seen.addAll(ids(response));
            cursor = response.jsonPath().getString("next_cursor");
            if (cursor == null) {
                break;
            }
        }

        assertThat(seen).containsExactly(created.get(0), created.get(2), created.get(4));
    }

    @Test
    void countsAreGivenPerStatusWithEveryStatusAndTheTotal() {
        create("canvases/count.json", Map.of("team", "data"));
        String running = create("canvases/count.json", Map.of("team", "data"));
        String failed = create("canvases/other.json", Map.of("team", "ml"));
        Api.transition(running, "running");
        Api.transition(failed, "running");
        Api.transition(failed, "failed");

        JsonNode all = Api.ok200(filtered().get(COUNTS));
        JsonNode data = Api.ok200(filtered("label", "team:data").get(COUNTS));
        JsonNode path = Api.ok200(filtered("canvas_path_prefix", "canvases/other").get(COUNTS));

        assertThat(all.toString()).isEqualTo("{\"pending\":1,\"running\":1,\"completed\":0,\"partial_failure\":0,"
                + "\"failed\":1,\"cancelled\":0,\"total\":3}");
        assertThat(data.get("pending").asLong()).isEqualTo(1);
        assertThat(data.get("running").asLong()).isEqualTo(1);
        assertThat(data.get("total").asLong()).isEqualTo(2);
        assertThat(path.get("failed").asLong()).isEqualTo(1);
        assertThat(path.get("total").asLong()).isEqualTo(1);
    }

    static Stream<Arguments> badFilters() {
        return Stream.of(
                arguments("status", "sleeping", "status"),
                arguments("label", "Team:x", "label"),
                arguments("label", ":x", "label"),
                arguments("label", "team:" + "v".repeat(129), "label"),
                arguments("canvas_path_prefix", "", "canvas_path_prefix"),
                arguments("created_after", "yesterday", "created_after"),
                arguments("created_before", "2026-01-01", "created_before"),
                arguments("limit", "0", "limit"),
                arguments("cursor", "not a cursor!", "cursor"));
    }

    @ParameterizedTest
    @MethodSource("badFilters")
    void aBadFilterIsA400NamingTheParameterOnTheListAndTheCounts(String name, String value, String field) {
        assertInvalid(Api.json().queryParam(name, value).get(Api.SESSIONS), field);
        if (!name.equals("limit") && !name.equals("cursor")) {
            assertInvalid(Api.json().queryParam(name, value).get(COUNTS), field);
        }
    }

    @Test
    void aNonRepeatableFilterGivenTwiceIsA400() {
        assertInvalid(Api.json().queryParam("canvas_path_prefix", "a", "b").get(Api.SESSIONS), "canvas_path_prefix");
        assertInvalid(Api.json().queryParam("created_after", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")
                .get(COUNTS), "created_after");
    }
}
