package dev.batchtracker.session.store.redis;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.ServiceProcess;
import dev.batchtracker.testing.SseClient;
import org.junit.jupiter.api.Test;

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
 * The service's Redis is killed mid-run and started again: requests fail fast with 503, readiness goes DOWN, open
 * streams stay open or end cleanly, and the service recovers by itself. The Redis here persists every write
 * (append-only file, fsync always), so nothing acknowledged is lost; a Redis without persistence would come back
 * empty.
 */
class RedisOutageIT {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(1);
    /** Fail fast means near the store timeout; this bound only tells "fast" from "hanging". */
    private static final Duration FAST = STORE_TIMEOUT.multipliedBy(5);

    @Test
    void requestsFailFastWhileRedisIsDownAndTheServiceRecoversWhenItIsBack() throws Exception {
        try (OwnRedisServer redis = OwnRedisServer.start(true);
             ServiceProcess service = ServiceProcess.start("redis-outage", Map.of(
                     "BATCH_STORE", "redis",
                     "QUARKUS_REDIS_HOSTS", redis.url(),
                     "BATCH_STORE_TIMEOUT", "1S",
                     "BATCH_SSE_HEARTBEAT", "1S"))) {
            service.awaitReady();
            HttpResponse<String> created = service.post("/api/v1/parallel/sessions",
                    "{\"canvas_path\":\"canvases/outage.json\",\"node_count\":3}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = json(created).get("task_id").asText();
            String status = "/api/v1/parallel/status/" + id;
            assertThat(service.post("/api/v1/parallel/sessions/" + id + "/transitions", "{\"to\":\"running\"}")
                    .statusCode()).isEqualTo(200);
            HttpResponse<String> acknowledged = service.put("/api/v1/parallel/sessions/" + id + "/nodes/n1",
                    "{\"status\":\"completed\"}");
            assertThat(acknowledged.statusCode()).isEqualTo(200);
            long acknowledgedVersion = json(acknowledged).get("version").asLong();

            try (SseClient stream = SseClient.open(service.uri(status))) {
                assertThat(Long.parseLong(stream.nextEvent().id())).isEqualTo(acknowledgedVersion);

                redis.kill();

                assertFailsFastWith503(() -> service.get(status));
                assertFailsFastWith503(() -> service.put("/api/v1/parallel/sessions/" + id + "/nodes/n2",
                        "{\"status\":\"completed\"}"));
                assertFailsFastWith503(() -> service.post("/api/v1/parallel/sessions",
                        "{\"canvas_path\":\"canvases/outage.json\",\"node_count\":1}"));
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    HttpResponse<String> ready = service.get("/q/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(json(ready).get("status").asText()).isEqualTo("DOWN");
                });
                assertThat(service.get("/q/health/live").statusCode()).as("alive all along").isEqualTo(200);
                if (stream.hasEnded()) {
                    assertThat(stream.awaitEnd()).as("a stream that ended, ended cleanly").isTrue();
                }

                redis.restart();

                service.awaitReady();
                JsonNode after = json(service.get(status));
                assertThat(after.get("version").asLong()).as("the acknowledged write survived")
                        .isEqualTo(acknowledgedVersion);
                assertThat(after.get("completed_nodes").asInt()).isEqualTo(1);

                HttpResponse<String> next = service.put("/api/v1/parallel/sessions/" + id + "/nodes/n2",
                        "{\"status\":\"completed\"}");
                assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
                long nextVersion = json(next).get("version").asLong();
                assertThat(nextVersion).isEqualTo(acknowledgedVersion + 1);
                if (!stream.hasEnded()) {
                    // A stream that stayed open through the outage carries on with what is written after it.
                    List<Long> versions = new ArrayList<>();
                    await().atMost(Duration.ofSeconds(10)).until(() -> {
                        stream.takeReceived().stream().filter(SseClient.Event.class::isInstance)
                                .map(e -> Long.parseLong(((SseClient.Event) e).id())).forEach(versions::add);
                        return versions.contains(nextVersion);
                    });
                    assertThat(versions).isSorted().doesNotHaveDuplicates().allMatch(v -> v > acknowledgedVersion);
                }
            }
            try (SseClient fresh = SseClient.open(service.uri(status))) {
                assertThat(Long.parseLong(fresh.nextEvent().id())).isEqualTo(acknowledgedVersion + 1);
            }
        }
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send() throws IOException;
    }

    private static void assertFailsFastWith503(Call call) throws IOException {
        long started = System.nanoTime();
        HttpResponse<String> response = call.send();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json(response).get("status").asInt()).isEqualTo(503);
        assertThat(took).as("answered near the store timeout, not hanging").isLessThan(FAST);
    }
}
