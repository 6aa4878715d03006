package dev.batchtracker.session.api;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.store.SessionFixture;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compaction over HTTP: the cleanup's dry run and real run report it, metrics and Prometheus count it, the status
 * document, its ETag and the node list show it. The session is stored directly with a week of retention: the
 * default retention (30 minutes) removes a finished session before compaction (an hour) would come due.
 */
@QuarkusTest
class CompactionApiTest {

    @Inject
    MutableClock clock;
    @Inject
    SessionStore store;

    /** Stored with a week to live: removed again, so tests that expect an emptied store are not disturbed. */
    private final List<UUID> stored = new ArrayList<>();

    @AfterEach
    void removeAndResetClock() {
        Instant now = clock.instant();
        stored.forEach(id -> store.remove(id, GoneReason.DELETED, now, now));
        clock.reset();
    }

    private Session storeFinishedTwoHoursAgo() {
        Instant finished = clock.instant().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        Session session = SessionFixture.at(finished.minusSeconds(60))
                .status(SessionStatus.FAILED)
                .nodeCount(2)
                .counts(new NodeCounts(1, 1, 0))
                .startedAt(finished.minusSeconds(30))
                .finishedAt(finished)
                .expiresAt(finished.plus(Duration.ofDays(7)))
                .version(5)
                .build();
        store.insert(session, List.of(
                new NodeResult("a", NodeStatus.COMPLETED, "{\"rows\":42}", null, finished.minusSeconds(20),
                        finished.minusSeconds(10), finished.minusSeconds(10)),
                new NodeResult("b", NodeStatus.FAILED, null, "x".repeat(1000), finished.minusSeconds(20),
                        finished, finished)));
        stored.add(session.id());
        return session;
    }

    @Test
    void aDryRunReportsTheCompactionAndARealRunDoesItCountedOnce() {
        Session session = storeFinishedTwoHoursAgo();
        String id = session.id().toString();
        long totalBefore = metrics().getLong("total_compacted");
        double counterBefore = prometheusCompacted();
        String etagBefore = given().get("/api/v1/parallel/status/" + id).then().statusCode(200).extract()
                .header("ETag");

        JsonPath dry = cleanup(true);
        assertThat(dry.getInt("compacted")).isPositive();
        assertThat(dry.getList("compacted_ids", String.class)).contains(id);
        assertThat(status(id).getBoolean("compacted")).isFalse();
        assertThat(metrics().getLong("total_compacted")).isEqualTo(totalBefore);

        JsonPath real = cleanup(false);
        assertThat(real.getList("compacted_ids", String.class)).contains(id);
        assertThat(metrics().getLong("total_compacted")).isEqualTo(totalBefore + real.getInt("compacted"));
        assertThat(prometheusCompacted() - counterBefore).isEqualTo(real.getInt("compacted"));

        JsonPath doc = status(id);
        assertThat(doc.getBoolean("compacted")).isTrue();
        assertThat(doc.getLong("version")).isEqualTo(5);
        assertThat(doc.getList("history")).isEmpty();
        // The document changed without a new version: the ETag tells a revalidating client so.
        given().header("If-None-Match", etagBefore).get("/api/v1/parallel/status/" + id).then().statusCode(200)
                .header("ETag", "\"5-compacted\"");

        JsonPath nodes = given().get("/api/v1/parallel/sessions/" + id + "/nodes").then().statusCode(200)
                .extract().jsonPath();
        assertThat(nodes.getBoolean("compacted")).isTrue();
        List<Map<String, Object>> items = nodes.getList("items");
        assertThat(items).extracting(item -> item.get("result")).containsOnlyNulls();
        assertThat(items.get(0)).containsEntry("status", "completed").containsEntry("execution_time_ms", 10_000);
        assertThat((String) items.get(1).get("error")).hasSize(NodeResult.COMPACTED_ERROR_LENGTH);

        // Idempotent: the next run finds it done and counts nothing for it.
        assertThat(cleanup(false).getList("compacted_ids", String.class)).doesNotContain(id);
        assertThat(metrics().getLong("total_compacted")).isEqualTo(totalBefore + real.getInt("compacted"));
    }

    @Test
    void aSessionNotCompactedSaysSo() {
        Session session = storeFinishedTwoHoursAgo();
        String id = session.id().toString();
        assertThat(status(id).getBoolean("compacted")).isFalse();
        JsonPath nodes = given().get("/api/v1/parallel/sessions/" + id + "/nodes").then().statusCode(200)
                .extract().jsonPath();
        assertThat(nodes.getBoolean("compacted")).isFalse();
        assertThat(nodes.getString("items[0].result")).isNotNull();
    }

    private static JsonPath status(String id) {
        return given().get("/api/v1/parallel/status/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath metrics() {
        return given().get("/api/v1/parallel/metrics").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath cleanup(boolean dryRun) {
        return given().queryParam("dry_run", dryRun).post("/api/v1/parallel/cleanup").then().statusCode(200)
                .extract().jsonPath();
    }

    private static double prometheusCompacted() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return Arrays.stream(text.split("\n"))
                .filter(line -> line.startsWith("batch_sessions_compacted_total "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no batch_sessions_compacted_total series"));
    }
}
