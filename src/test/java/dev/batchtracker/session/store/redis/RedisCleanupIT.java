package dev.batchtracker.session.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
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

import static dev.batchtracker.testing.ServiceProcess.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances sharing one Redis both run the cleanup job every second on sessions that expire after a few
 * seconds: each expired session is removed — and counted — once, and subscribers on both instances get
 * {@code gone}.
 */
class RedisCleanupIT {

    private static final String PREFIX = RedisTestSupport.uniquePrefix();
    private static final int SESSIONS = 8;

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances(RedisTestSupport.server(), Map.of(
            "BATCH_STORE", "redis",
            "BATCH_REDIS_KEY_PREFIX", PREFIX,
            "QUARKUS_REDIS_HOSTS", RedisTestSupport.URL,
            "BATCH_SESSION_TIMEOUT", "10S",
            "BATCH_EXPIRY_STEP", "1S",
            "BATCH_CLEANUP_INTERVAL", "1S",
            "BATCH_SSE_HEARTBEAT", "1S"), "redis-cleanup-a", "redis-cleanup-b")
            .afterStop(() -> RedisTestSupport.deleteKeys(RedisTestSupport.URL, PREFIX));

    @Test
    void eachExpiredSessionIsRemovedOnceAndSubscribersOnBothInstancesGetGone() throws IOException {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < SESSIONS; i++) {
            ServiceProcess on = i % 2 == 0 ? a : b;
            HttpResponse<String> response = on.post("/api/v1/parallel/sessions",
                    "{\"canvas_path\":\"canvases/expiring.json\",\"node_count\":1}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            ids.add(json(response).get("task_id").asText());
        }
        List<SseClient> streams = new ArrayList<>();
        try {
            for (String id : ids) {
                for (ServiceProcess on : List.of(a, b)) {
                    SseClient stream = SseClient.open(on.uri("/api/v1/parallel/status/" + id));
                    assertThat(stream.nextEvent().name()).isEqualTo("status");
                    streams.add(stream);
                }
            }

            // Nothing is written: every session expires, and both instances' jobs race to remove it.
            for (SseClient stream : streams) {
                SseClient.Event gone = nextEventWithin(stream, Duration.ofSeconds(30));
                assertThat(gone.name()).isEqualTo("gone");
                assertThat(parse(gone.data()).get("reason").asText()).isEqualTo("expired");
                assertThat(stream.awaitEnd()).isTrue();
            }
        } finally {
            streams.forEach(SseClient::close);
        }

        // Removed once: what each instance counts locally adds up to exactly one removal per session, and the
        // shared total (read on either instance) says the same.
        String expired = "batch_sessions_cleaned_total{reason=\"expired\"}";
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(a.prometheus(expired) + b.prometheus(expired)).isEqualTo(SESSIONS));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            for (ServiceProcess on : List.of(a, b)) {
                JsonNode metrics = json(on.get("/api/v1/parallel/metrics"));
                assertThat(metrics.get("total_cleaned").asLong()).isEqualTo(SESSIONS);
                assertThat(metrics.get("active_sessions").asLong()).isZero();
            }
        });
        for (String id : ids) {
            for (ServiceProcess on : List.of(a, b)) {
                HttpResponse<String> gone = on.get("/api/v1/parallel/status/" + id);
                assertThat(gone.statusCode()).isEqualTo(410);
            }
        }
    }

    private static SseClient.Event nextEventWithin(SseClient stream, Duration bound) {
        List<SseClient.Event> events = new ArrayList<>();
        await().atMost(bound).pollInterval(Duration.ofMillis(50)).until(() -> {
            stream.takeReceived().stream().filter(SseClient.Event.class::isInstance)
                    .map(SseClient.Event.class::cast).forEach(events::add);
            return !events.isEmpty();
        });
        return events.get(0);
    }

    private static JsonNode parse(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
