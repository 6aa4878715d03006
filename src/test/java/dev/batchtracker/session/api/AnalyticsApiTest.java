package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.OpenApiSchemas;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * GET /api/v1/parallel/analytics over HTTP: the window's parameters, their defaults and refusals, the list's
 * filters, and the answer's shape against the contract. The figures themselves are pinned on every store by
 * {@code SessionStoreContractTest}; here sessions are driven through the API, each test under a run label of its own.
 */
@QuarkusTest
class AnalyticsApiTest {

    private static final String ANALYTICS = "/api/v1/parallel/analytics";

    @Inject
    MutableClock clock;

    private final String run = UUID.randomUUID().toString();

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private RequestSpecification filtered(Object... nameValues) {
        RequestSpecification request = Api.json().queryParam("label", "run:" + run);
        for (int i = 0; i < nameValues.length; i += 2) {
            request = request.queryParam((String) nameValues[i], nameValues[i + 1]);
        }
        return request;
    }

    private String running(String canvasPath, int nodes) {
        String id = Api.create(Map.of("canvas_path", canvasPath, "node_count", nodes, "labels", Map.of("run", run)))
                .get("task_id").asText();
        Api.transition(id, "running");
        return id;
    }

    /** A node report with the client's own start and finish times: its execution time is exactly {@code ms}. */
    private void report(String id, String node, String status, long ms, String error) {
        Instant finished = clock.instant();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("started_at", finished.minusMillis(ms).toString());
        body.put("finished_at", finished.toString());
        if (error != null) {
            body.put("error", error);
        }
        Api.ok(Api.json().body(body).put(Api.SESSIONS + "/{id}/nodes/{node}", id, node));
    }

    @Test
    void reportsTheWindowsFinishedSessionsUnderTheListFilters() {
        Instant since = clock.instant().minusSeconds(1);
        String partial = running("analytics/a.json", 2);
        report(partial, "extract", "completed", 300, null);
        report(partial, "load", "failed", 100, "disk full");
        String completed = running("analytics/b.json", 1);
        report(completed, "extract", "completed", 200, null);
        running("analytics/b.json", 1); // still running: in no window
        clock.advance(Duration.ofSeconds(1));
        Instant until = clock.instant();

        Response response = filtered("since", since.toString(), "until", until.toString()).get(ANALYTICS);

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        JsonNode answer = OpenApiSchemas.assertValid("AnalyticsReport", response.asString());
        assertThat(Instant.parse(answer.get("since").asText())).isEqualTo(since);
        assertThat(Instant.parse(answer.get("until").asText())).isEqualTo(until);
        JsonNode report = answer.get("overall");
        assertThat(report.get("sessions").get("completed").asLong()).isEqualTo(1);
        assertThat(report.get("sessions").get("partial_failure").asLong()).isEqualTo(1);
        assertThat(report.get("sessions").get("total").asLong()).isEqualTo(2);
        assertThat(report.get("success_rate").asDouble()).isEqualTo(0.5);
        assertThat(report.get("session_duration_ms").get("count").asLong()).isEqualTo(2);
        JsonNode nodes = report.get("node_execution_ms");
        assertThat(List.of(nodes.get("count").asLong(), nodes.get("p50").asLong(), nodes.get("p95").asLong(),
                nodes.get("max").asLong())).containsExactly(3L, 200L, 300L, 300L);
        assertThat(report.get("nodes_finished").asLong()).isEqualTo(3);
        assertThat(report.get("nodes_per_second").asDouble())
                .isCloseTo(3 * 1000.0 / Duration.between(since, until).toMillis(), within(1e-9));
        assertThat(report.get("failing_nodes")).hasSize(1);
        assertThat(report.get("failing_nodes").get(0).get("node_id").asText()).isEqualTo("load");
        assertThat(report.get("failing_nodes").get(0).get("failures").asLong()).isEqualTo(1);
        assertThat(report.get("failing_nodes").get(0).get("latest_error").asText()).isEqualTo("disk full");
        List<String> paths = new ArrayList<>();
        answer.get("by_canvas_path").forEach(p -> paths.add(p.get("canvas_path").asText()));
        assertThat(paths).containsExactly("analytics/a.json", "analytics/b.json");
        assertThat(answer.get("by_canvas_path").get(0).get("figures").get("sessions").get("partial_failure").asLong()).isEqualTo(1);
        long hourlyTotal = 0;
        for (JsonNode hour : answer.get("hourly")) {
            hourlyTotal += hour.get("sessions").get("total").asLong();
        }
        assertThat(hourlyTotal).isEqualTo(2);

        JsonNode onlyB = Api.ok200(filtered("since", since.toString(), "until", until.toString(),
                "canvas_path_prefix", "analytics/b").get(ANALYTICS));
        JsonNode onlyFailed = Api.ok200(filtered("since", since.toString(), "until", until.toString(),
                "status", "failed").get(ANALYTICS));
        assertThat(onlyB.get("overall").get("sessions").get("total").asLong()).isEqualTo(1);
        assertThat(onlyB.get("overall").get("sessions").get("completed").asLong()).isEqualTo(1);
        assertThat(onlyFailed.get("overall").get("sessions").get("total").asLong()).isZero();
        assertThat(onlyFailed.get("overall").get("success_rate").isNull()).isTrue();
    }

    @Test
    void withoutBoundsTheWindowIsTheLastDayUpToNow() {
        clock.advance(Duration.ofDays(3));
        Instant before = clock.instant();

        JsonNode report = Api.ok200(filtered().get(ANALYTICS));

        Instant until = Instant.parse(report.get("until").asText());
        assertThat(until).isBetween(before, clock.instant());
        assertThat(Instant.parse(report.get("since").asText())).isEqualTo(until.minus(Duration.ofHours(24)));
        assertThat(report.get("hourly")).hasSizeBetween(24, 25);
    }

    @Test
    void badWindowsAreRefusedNamingTheParameter() {
        assertInvalid(filtered("since", "yesterday").get(ANALYTICS), "since");
        assertInvalid(filtered("until", "2026-13-01T00:00:00Z").get(ANALYTICS), "until");
        assertInvalid(filtered("since", "2026-01-02T00:00:00Z", "until", "2026-01-02T00:00:00Z").get(ANALYTICS),
                "since");
        assertInvalid(filtered("since", "2026-01-03T00:00:00Z", "until", "2026-01-02T00:00:00Z").get(ANALYTICS),
                "since");
        assertInvalid(filtered("since", "2026-01-01T00:00:00Z", "until", "2026-02-02T00:00:00Z").get(ANALYTICS),
                "since");
        assertInvalid(filtered("since", "2026-01-01T00:00:00Z", "since", "2026-01-01T01:00:00Z").get(ANALYTICS),
                "since");
        assertInvalid(filtered("status", "finished").get(ANALYTICS), "status");
    }
}
