package dev.batchtracker.session.api;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.SessionGoneException;
import dev.batchtracker.session.SessionNotFoundException;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.store.StoreStatsCache;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@QuarkusTest
class OperationsResourceTest {

    private static final List<String> FIELDS = List.of("active_sessions", "sessions_by_status", "expired_sessions",
            "stale_sessions", "total_created", "total_cleaned", "total_cleaned_by_reason", "total_compacted",
            "cleanup_runs",
            "last_cleanup_time", "last_cleanup_duration_ms", "last_successful_cleanup_time",
            "average_session_duration_ms", "oldest_session_age_ms", "newest_session_age_ms", "memory_usage_mb",
            "store_memory_used_bytes", "store_memory_budget_bytes", "store_memory_used_fraction", "sse_subscribers",
            "figures_as_of");

    @Inject
    MutableClock clock;
    @Inject
    BatchSessionManager manager;
    @Inject
    SessionStore store;
    @Inject
    StoreStatsCache stats;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theMetricsDocumentHasEveryFieldAndEveryStatus() {
        create();
        Map<String, Object> doc = metrics().getMap("$");
        assertThat(doc).containsOnlyKeys(FIELDS);
        assertThat(metrics().getMap("sessions_by_status", String.class, Object.class))
                .containsOnlyKeys("pending", "running", "completed", "partial_failure", "failed", "cancelled");
        assertThat(metrics().getMap("total_cleaned_by_reason", String.class, Object.class))
                .containsOnlyKeys("expired", "deleted");
        assertThat(metrics().getLong("active_sessions")).isPositive();
        assertThat(metrics().getDouble("memory_usage_mb")).isPositive();
        // The memory store's budget: the default 512M, and its running figure against it.
        assertThat(metrics().getLong("store_memory_budget_bytes")).isEqualTo(512L * 1024 * 1024);
        assertThat(metrics().getLong("store_memory_used_bytes")).isEqualTo(store.heapFootprint().orElseThrow());
        assertThat(metrics().getDouble("store_memory_used_fraction")).isGreaterThan(0).isLessThan(0.8);
        assertThat(metrics().getLong("oldest_session_age_ms")).isNotNegative();
    }

    @Test
    void countersFollowCreatesManualDeletesAndCleanups() {
        JsonPath before = metrics();
        UUID deleted = create();
        UUID expiring = create();
        UUID running = create();
        manager.transition(running, SessionStatus.RUNNING, "go");
        manager.delete(deleted);
        JsonPath middle = metrics();
        assertThat(middle.getLong("total_created") - before.getLong("total_created")).isEqualTo(3);
        assertThat(middle.getLong("total_cleaned") - before.getLong("total_cleaned")).isEqualTo(1);
        assertThat(middle.getLong("total_cleaned_by_reason.deleted")
                - before.getLong("total_cleaned_by_reason.deleted")).isEqualTo(1);
        assertThat(middle.getLong("sessions_by_status.running")).isPositive();

        clock.advance(Duration.ofMinutes(31));
        JsonPath overdue = metrics();
        assertThat(overdue.getLong("expired_sessions")).as("past expiry, not yet removed").isGreaterThanOrEqualTo(2);
        JsonPath report = cleanup("false");
        assertThat(report.getBoolean("dry_run")).isFalse();
        assertThat(report.getList("expired_ids", String.class)).contains(expiring.toString(), running.toString());
        assertThat(report.getInt("errors")).isZero();
        assertThat(report.getLong("duration_ms")).isNotNegative();

        JsonPath after = metrics();
        int cleaned = report.getInt("cleaned");
        assertThat(after.getLong("total_cleaned") - middle.getLong("total_cleaned")).isEqualTo(cleaned);
        assertThat(after.getLong("total_cleaned_by_reason.expired")
                - middle.getLong("total_cleaned_by_reason.expired")).isEqualTo(cleaned);
        assertThat(after.getLong("expired_sessions")).isZero();
        assertThat(after.getLong("cleanup_runs") - middle.getLong("cleanup_runs")).isEqualTo(1);
        assertThat(after.getString("last_cleanup_time")).isNotNull();
        assertThat(after.getString("last_successful_cleanup_time")).isEqualTo(after.getString("last_cleanup_time"));
        assertThat(after.getLong("last_cleanup_duration_ms")).isNotNegative();
    }

    @Test
    void totalsAreExactAtOnceWhileTheWalkedFiguresSayWhenTheyWereTaken() {
        JsonPath before = cachedMetrics();
        String id = given().contentType("application/json").body("{\"canvas_path\": \"canvas/ops\", \"node_count\": 1}")
                .when().post("/api/v1/parallel/sessions")
                .then().statusCode(201).extract().path("task_id");

        JsonPath created = cachedMetrics();
        assertThat(created.getLong("total_created")).isEqualTo(before.getLong("total_created") + 1);

        given().when().delete("/api/v1/parallel/sessions/" + id).then().statusCode(204);
        JsonPath deleted = cachedMetrics();
        assertThat(deleted.getLong("total_cleaned")).isEqualTo(before.getLong("total_cleaned") + 1);
        assertThat(deleted.getLong("total_cleaned_by_reason.deleted"))
                .isEqualTo(before.getLong("total_cleaned_by_reason.deleted") + 1);

        Instant beforeWalk = clock.instant();
        stats.invalidate();
        JsonPath walked = cachedMetrics();
        Instant afterWalk = clock.instant();
        assertThat(Instant.parse(walked.getString("figures_as_of"))).isBetween(beforeWalk, afterWalk);
        assertThat(cachedMetrics().getString("figures_as_of")).as("the same walk, reused")
                .isEqualTo(walked.getString("figures_as_of"));
    }

    @Test
    void aDryRunReportsAndChangesNothing() {
        UUID id = create();
        clock.advance(Duration.ofMinutes(31));
        long runsBefore = metrics().getLong("cleanup_runs");

        JsonPath dry = cleanup("true");

        assertThat(dry.getBoolean("dry_run")).isTrue();
        assertThat(dry.getInt("cleaned")).isPositive();
        assertThat(dry.getList("expired_ids", String.class)).contains(id.toString());
        assertThat(store.find(id)).as("still stored").isPresent();
        assertThat(store.findTombstone(id)).isEmpty();
        assertThat(metrics().getLong("cleanup_runs")).isEqualTo(runsBefore);
        // Lazy expiry: already gone for clients, whatever the cleanup did or did not do.
        assertThatThrownBy(() -> manager.get(id)).isInstanceOf(SessionGoneException.class);

        assertThat(cleanup("false").getList("expired_ids", String.class)).contains(id.toString());
        assertThat(store.find(id)).isEmpty();
    }

    @Test
    void removedSessionsLeaveATombstoneThatTheCleanupDropsAfterItsTtl() {
        UUID id = create();
        clock.advance(Duration.ofMinutes(31));
        cleanup("false");
        assertThatThrownBy(() -> manager.get(id)).isInstanceOf(SessionGoneException.class);

        clock.advance(Duration.ofHours(1));
        cleanup(null);

        assertThat(store.findTombstone(id)).isEmpty();
        assertThatThrownBy(() -> manager.get(id)).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void agesAndAveragesAreNullWhenThereAreNoSessions() {
        clock.advance(Duration.ofDays(1));
        cleanup("false");

        JsonPath empty = metrics();
        assertThat(empty.getLong("active_sessions")).isZero();
        assertThat(empty.getMap("$")).containsEntry("oldest_session_age_ms", null)
                .containsEntry("newest_session_age_ms", null)
                .containsEntry("average_session_duration_ms", null);

        UUID id = create();
        manager.transition(id, SessionStatus.RUNNING, "go");
        clock.advance(Duration.ofSeconds(5));
        manager.transition(id, SessionStatus.CANCELLED, "stop");
        clock.advance(Duration.ofSeconds(5));
        JsonPath one = metrics();
        assertThat(one.getLong("oldest_session_age_ms")).isGreaterThanOrEqualTo(10_000);
        assertThat(one.getLong("newest_session_age_ms")).isEqualTo(one.getLong("oldest_session_age_ms"));
        assertThat(one.getLong("average_session_duration_ms")).isBetween(5_000L, 9_999L);
    }

    private UUID create() {
        return manager.create(new CreateSession("canvas/ops", 3, null, null, null, null)).session().id();
    }

    private JsonPath metrics() {
        // Figures are cached for a few seconds; a test reads what it just did.
        stats.invalidate();
        return given().when().get("/api/v1/parallel/metrics")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    /** The document as a client sees it, cached figures and all. */
    private static JsonPath cachedMetrics() {
        return given().when().get("/api/v1/parallel/metrics")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }

    private static JsonPath cleanup(String dryRun) {
        var request = given();
        if (dryRun != null) {
            request = request.queryParam("dry_run", dryRun);
        }
        return request.when().post("/api/v1/parallel/cleanup")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();
    }
}
