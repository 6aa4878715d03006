package dev.batchtracker.session.metrics;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.cleanup.CleanupService;
import dev.batchtracker.session.store.StoreStatsCache;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.UUID;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class PrometheusSeriesTest {

    @Inject
    BatchSessionManager manager;
    @Inject
    CleanupService cleanup;
    @Inject
    MutableClock clock;
    @Inject
    StoreStatsCache stats;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void everySeriesOfOursIsThereAfterSomeActivity() {
        UUID finished = manager.create(new CreateSession("canvas/prom", 2, null, null, null, null)).session().id();
        manager.transition(finished, SessionStatus.RUNNING, "go");
        manager.reportNode(finished, "a", new NodeReport(NodeStatus.COMPLETED, null, null, null, null));
        manager.reportNode(finished, "b", new NodeReport(NodeStatus.FAILED, null, "boom", null, null));
        UUID deleted = manager.create(new CreateSession("canvas/prom", 1, null, null, null, null)).session().id();
        manager.delete(deleted);
        UUID running = manager.create(new CreateSession("canvas/prom", 1, null, null, null, null)).session().id();
        manager.transition(running, SessionStatus.RUNNING, "go");
        clock.advance(Duration.ofMinutes(31));
        cleanup.run(false);
        clock.reset();
        UUID live = manager.create(new CreateSession("canvas/prom", 1, null, null, null, null)).session().id();
        manager.transition(live, SessionStatus.RUNNING, "go");
        stats.invalidate();

        String text = given().when().get("/q/metrics").then().statusCode(200).extract().asString();

        assertThat(value(text, "batch_sessions_created_total")).isGreaterThanOrEqualTo(4);
        assertThat(value(text, "batch_sessions_cleaned_total{reason=\"deleted\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "batch_sessions_cleaned_total{reason=\"expired\"}")).isGreaterThanOrEqualTo(2);
        assertThat(value(text, "batch_session_transitions_total{from=\"pending\",to=\"running\"}")).isGreaterThanOrEqualTo(3);
        assertThat(value(text, "batch_session_transitions_total{from=\"running\",to=\"partial_failure\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "batch_node_results_total{status=\"completed\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "batch_node_results_total{status=\"failed\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "batch_cleanup_duration_seconds_count")).isGreaterThanOrEqualTo(1);
        assertThat(value(text, "batch_sessions{status=\"running\"}")).isGreaterThanOrEqualTo(1);
        for (String status : new String[]{"pending", "completed", "partial_failure", "failed", "cancelled"}) {
            assertThat(value(text, "batch_sessions{status=\"" + status + "\"}")).isNotNegative();
        }
        assertThat(value(text, "batch_sessions_expired")).isNotNegative();
        assertThat(value(text, "batch_sessions_stale")).isNotNegative();
        assertThat(value(text, "batch_store_memory_bytes")).isPositive();
        assertThat(value(text, "batch_store_memory_budget_bytes")).as("the default 512M")
                .isEqualTo(512.0 * 1024 * 1024);
        assertThat(value(text, "batch_sse_subscribers")).isNotNegative();
    }

    /** The value of one series, matched on its name and exactly these labels. */
    private static double value(String exposition, String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{(.*)})? (\\S+)$");
        return Arrays.stream(exposition.split("\n"))
                .map(line::matcher)
                .filter(m -> m.matches() && (m.group(2) == null ? "" : m.group(2)).equals(labels))
                .map(m -> Double.parseDouble(m.group(3)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + ours(exposition)));
    }

    private static String ours(String exposition) {
        return String.join("\n", Arrays.stream(exposition.split("\n")).filter(l -> l.startsWith("batch_")).toList());
    }
}
