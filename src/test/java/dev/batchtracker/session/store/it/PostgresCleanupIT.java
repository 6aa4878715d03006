package dev.batchtracker.session.store.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.PostgresServer;
import dev.batchtracker.testing.ServiceProcess;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.batchtracker.session.store.it.Documents.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances both running the scheduled cleanup every second over one PostgreSQL schema: every expired
 * session is removed once and counted once, and subscribers on both instances hear that it is gone.
 */
class PostgresCleanupIT {

    private static final String SCHEMA = PostgresServer.schema("batch_it_cleanup");
    private static final int SESSIONS = 30;

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances(PostgresServer.server(),
            Documents.merged(PostgresServer.serviceEnv(PostgresServer.URL, SCHEMA),
                    "BATCH_SESSION_TIMEOUT", "8S", "BATCH_EXPIRY_STEP", "1S",
                    "BATCH_CLEANUP_INTERVAL", "1S"),
            "pg-cleanup-a", "pg-cleanup-b")
            .beforeStart(() -> PostgresServer.recreateSchema(SCHEMA))
            .afterStop(() -> PostgresServer.dropSchema(SCHEMA));

    @Test
    void eachExpiredSessionIsRemovedOnceAndEverySubscriberHearsItIsGone() throws Exception {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        List<String> ids = new ArrayList<>();
        List<SseClient> streams = new ArrayList<>();
        try {
            // The watched sessions first, so they are still there when their streams open.
            for (int i = 0; i < 2; i++) {
                String id = create(i % 2 == 0 ? a : b, 2).get("task_id").asText();
                ids.add(id);
                for (ServiceProcess instance : List.of(a, b)) {
                    SseClient stream = SseClient.open(instance.uri(Documents.status(id)));
                    assertThat(stream.status()).isEqualTo(200);
                    assertThat(stream.nextEvent().name()).isEqualTo("status");
                    streams.add(stream);
                }
            }
            while (ids.size() < SESSIONS) {
                ids.add(create(ids.size() % 2 == 0 ? a : b, 2).get("task_id").asText());
            }

            for (SseClient stream : streams) {
                SseClient.Event gone = awaitEvent(stream, Duration.ofSeconds(40));
                assertThat(gone.name()).isEqualTo("gone");
                assertThat(Documents.parse(gone.data()).get("reason").asText()).isEqualTo("expired");
                assertThat(stream.awaitEnd()).as("the stream ends after gone").isTrue();
            }
            await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
                for (ServiceProcess instance : List.of(a, b)) {
                    assertThat(instance.prometheus("batch_sessions_cleaned_total{reason=\"expired\"}")
                            + otherInstance(instance).prometheus("batch_sessions_cleaned_total{reason=\"expired\"}"))
                            .isEqualTo(SESSIONS);
                }
            });
            // Removed once each: the two instances' own counters add up to the number of sessions, and the
            // shared totals (the same on both instances) count each removal once.
            assertThat(a.prometheus("batch_sessions_cleaned_total{reason=\"expired\"}")
                    + b.prometheus("batch_sessions_cleaned_total{reason=\"expired\"}")).isEqualTo(SESSIONS);
            for (ServiceProcess instance : List.of(a, b)) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    JsonNode metrics = ServiceProcess.json(instance.get("/api/v1/parallel/metrics"));
                    assertThat(metrics.get("total_created").asLong()).isEqualTo(SESSIONS);
                    assertThat(metrics.get("total_cleaned").asLong()).isEqualTo(SESSIONS);
                    assertThat(metrics.get("active_sessions").asLong()).isZero();
                });
                for (String id : ids) {
                    HttpResponse<String> response = instance.get(Documents.status(id), "Accept", "application/json");
                    assertThat(response.statusCode()).isEqualTo(410);
                    assertThat(ServiceProcess.json(response).get("reason").asText()).isEqualTo("expired");
                }
            }
        } finally {
            streams.forEach(SseClient::close);
        }
    }

    private static ServiceProcess otherInstance(ServiceProcess instance) {
        return instance == instances.a() ? instances.b() : instances.a();
    }

    /** The next event, skipping heartbeats, waiting up to {@code bound} (longer than one frame's bound). */
    private static SseClient.Event awaitEvent(SseClient stream, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            try {
                return stream.nextEvent();
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline || stream.hasEnded()) {
                    throw e;
                }
            }
        }
    }
}
