package dev.batchtracker.session.store.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.ServiceProcess;
import dev.batchtracker.testing.TwoInstances;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.batchtracker.session.store.it.Documents.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two processes over one shared store, both running the scheduled cleanup every second with compaction due one
 * second after a session finishes: every finished session is compacted once and counted once (the instances' own
 * counters add up to the number of sessions, and the shared total says it on both), and reads as compacted on both.
 */
abstract class CompactionInstancesCheck {

    static final int SESSIONS = 20;

    /** What each store's check adds to its store settings, as name, value pairs. */
    static final String[] COMPACTION = {"BATCH_COMPACTION_AFTER", "1S", "BATCH_CLEANUP_INTERVAL", "1S"};

    abstract TwoInstances instances();

    @Test
    void eachFinishedSessionIsCompactedOnceAndCountedOnce() throws Exception {
        ServiceProcess a = instances().a();
        ServiceProcess b = instances().b();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            ServiceProcess writer = i % 2 == 0 ? a : b;
            String id = create(writer, 1).get("task_id").asText();
            Documents.transition(writer, id, "running");
            JsonNode done = Documents.reportNode(writer, id, "n1", "completed");
            assertThat(done.get("status").asText()).isEqualTo("completed");
            ids.add(id);
        }

        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(a.prometheus("batch_sessions_compacted_total")
                        + b.prometheus("batch_sessions_compacted_total")).isEqualTo(SESSIONS));
        for (ServiceProcess instance : List.of(a, b)) {
            JsonNode metrics = ServiceProcess.json(instance.get("/api/v1/parallel/metrics"));
            assertThat(metrics.get("total_compacted").asLong()).as(instance.name()).isEqualTo(SESSIONS);
            for (String id : ids) {
                JsonNode document = Documents.read(instance, id);
                assertThat(document.get("compacted").asBoolean()).as(instance.name() + " " + id).isTrue();
                assertThat(document.get("status").asText()).isEqualTo("completed");
            }
        }
        // Nothing compacts twice later on: a few more runs of both cleanups leave the counters where they were.
        long runsSeen = Math.round(a.prometheus("batch_cleanup_duration_seconds_count"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> a.prometheus("batch_cleanup_duration_seconds_count") >= runsSeen + 2);
        assertThat(a.prometheus("batch_sessions_compacted_total") + b.prometheus("batch_sessions_compacted_total"))
                .isEqualTo(SESSIONS);
    }
}
