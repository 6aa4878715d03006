package dev.batchtracker.session.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchtracker.testing.CrossInstanceFeed;
import dev.batchtracker.testing.ServiceProcess;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.batchtracker.testing.ServiceProcess.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two packaged service processes sharing one Redis (their own key prefix): what one writes the other reads and
 * streams — every version, in order, within a second — a stream resumes on the other instance without
 * duplicates, and the metrics describe both.
 */
class RedisMultiInstanceIT {

    /** The requirement's latency for an event written on one instance to reach a stream on the other. */
    private static final Duration CROSS_INSTANCE = Duration.ofSeconds(1);
    private static final String PREFIX = RedisTestSupport.uniquePrefix();

    private static final AtomicInteger created = new AtomicInteger();

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances(RedisTestSupport.server(), Map.of(
            "BATCH_STORE", "redis",
            "BATCH_REDIS_KEY_PREFIX", PREFIX,
            "QUARKUS_REDIS_HOSTS", RedisTestSupport.URL), "redis-a", "redis-b")
            .afterStop(() -> RedisTestSupport.deleteKeys(RedisTestSupport.URL, PREFIX));

    private static String create(ServiceProcess on, int nodes) throws IOException {
        HttpResponse<String> response = on.post("/api/v1/parallel/sessions",
                "{\"canvas_path\":\"canvases/shared.json\",\"node_count\":" + nodes + "}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        created.incrementAndGet();
        return json(response).get("task_id").asText();
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    private static JsonNode start(ServiceProcess on, String id) throws IOException {
        return ok(on.post("/api/v1/parallel/sessions/" + id + "/transitions", "{\"to\":\"running\"}"));
    }

    private static JsonNode report(ServiceProcess on, String id, String node, String status) throws IOException {
        return ok(on.put("/api/v1/parallel/sessions/" + id + "/nodes/" + node, "{\"status\":\"" + status + "\"}"));
    }

    private static JsonNode status(ServiceProcess on, String id) throws IOException {
        return ok(on.get("/api/v1/parallel/status/" + id));
    }

    /** What two reads of one version must agree on: all of it but the figures derived from the reading time. */
    private static JsonNode stored(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove(List.of("stale", "eta_seconds", "throughput_nodes_per_second"));
        return copy;
    }

    @Test
    void aSessionCreatedOnAAndUpdatedOnBReadsIdenticallyOnBoth() throws IOException {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        String id = create(a, 3);
        start(b, id);
        report(a, id, "n1", "completed");
        report(b, id, "n2", "failed");
        JsonNode last = ok(b.post("/api/v1/parallel/sessions/" + id + "/progress", "{\"progress_percent\":70}"));

        JsonNode onA = status(a, id);
        JsonNode onB = status(b, id);

        assertThat(stored(onA)).isEqualTo(stored(onB));
        assertThat(onA.get("version").asLong()).isEqualTo(last.get("version").asLong());
        assertThat(onA.get("completed_nodes").asInt()).isEqualTo(1);
        assertThat(onA.get("failed_nodes").asInt()).isEqualTo(1);
        assertThat(a.get("/api/v1/parallel/status/" + id).headers().firstValue("ETag"))
                .isEqualTo(b.get("/api/v1/parallel/status/" + id).headers().firstValue("ETag"));
    }

    @Test
    void aStreamOnAGetsEveryVersionWrittenOnBInOrderWithinASecond() throws IOException {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        int nodes = 12;
        String id = create(a, nodes);
        try (SseClient stream = SseClient.open(a.uri("/api/v1/parallel/status/" + id))) {
            SseClient.Event first = stream.nextEvent();
            assertThat(first.name()).isEqualTo("status");
            long version = Long.parseLong(first.id());

            // Lock-step: each write on B must show up on A, as the very next version, within a second.
            List<Long> seen = new ArrayList<>();
            long expected = version;
            expected = writeAndExpect(stream, () -> start(b, id), ++expected, seen);
            for (int n = 1; n <= nodes; n++) {
                String node = "n" + n;
                expected = writeAndExpect(stream, () -> report(b, id, node, "completed"), expected + 1, seen);
            }
            assertThat(seen).as("every version, in order").containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(version + 1, expected).boxed().toList());
            assertThat(stream.awaitEnd()).as("the stream ends after the terminal version").isTrue();
        }
    }

    @FunctionalInterface
    private interface Write {
        JsonNode run() throws IOException;
    }

    private static long writeAndExpect(SseClient stream, Write write, long expectedVersion, List<Long> seen)
            throws IOException {
        JsonNode written = write.run();
        assertThat(written.get("version").asLong()).isEqualTo(expectedVersion);
        List<SseClient.Event> events = new ArrayList<>();
        await().atMost(CROSS_INSTANCE).pollInterval(Duration.ofMillis(5)).until(() -> {
            stream.takeReceived().stream().filter(SseClient.Event.class::isInstance)
                    .map(SseClient.Event.class::cast).forEach(events::add);
            return !events.isEmpty();
        });
        for (SseClient.Event event : events) {
            assertThat(event.name()).isEqualTo("status");
            seen.add(Long.parseLong(event.id()));
        }
        assertThat(seen.get(seen.size() - 1)).isEqualTo(expectedVersion);
        return expectedVersion;
    }

    @Test
    void aStreamResumedOnTheOtherInstanceWithLastEventIdHasNoDuplicates() throws IOException {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        String id = create(a, 5);
        long seenOnA;
        try (SseClient stream = SseClient.open(a.uri("/api/v1/parallel/status/" + id))) {
            stream.nextEvent();
            start(a, id);
            seenOnA = Long.parseLong(stream.nextEvent().id());
        }
        // Written while the client was away, on either instance.
        report(a, id, "n1", "completed");
        long current = report(b, id, "n2", "completed").get("version").asLong();

        try (SseClient resumed = SseClient.open(b.uri("/api/v1/parallel/status/" + id),
                "Last-Event-ID", Long.toString(seenOnA))) {
            SseClient.Event catchUp = resumed.nextEvent();
            assertThat(Long.parseLong(catchUp.id())).as("the latest version, nothing already seen")
                    .isEqualTo(current).isGreaterThan(seenOnA);
            long next = report(a, id, "n3", "completed").get("version").asLong();
            assertThat(Long.parseLong(resumed.nextEvent().id())).isEqualTo(next);
        }

        // Resuming at the current version: nothing until there is something newer, then exactly that.
        long now = status(a, id).get("version").asLong();
        try (SseClient resumed = SseClient.open(a.uri("/api/v1/parallel/status/" + id), "Last-Event-ID",
                Long.toString(now))) {
            assertThat(resumed.status()).isEqualTo(200);
            long next = report(b, id, "n4", "completed").get("version").asLong();
            assertThat(Long.parseLong(resumed.nextEvent().id())).isEqualTo(next).isEqualTo(now + 1);
        }
    }

    @Test
    void aFeedOnAGetsChangesWrittenOnBWithinASecondAndResumesOnB() throws IOException {
        CrossInstanceFeed.check(instances.a(), instances.b());
    }

    @Test
    void metricsOnEitherInstanceDescribeTheWholeStore() throws IOException {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        create(a, 1);
        create(b, 1);
        create(b, 1);
        // The metrics document is computed from figures at most a few seconds old.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode onA = ok(a.get("/api/v1/parallel/metrics"));
            JsonNode onB = ok(b.get("/api/v1/parallel/metrics"));
            assertThat(onA.get("total_created").asLong()).isEqualTo(created.get());
            assertThat(onB.get("total_created").asLong()).isEqualTo(created.get());
            assertThat(onA.get("active_sessions")).isEqualTo(onB.get("active_sessions"));
        });
    }
}
