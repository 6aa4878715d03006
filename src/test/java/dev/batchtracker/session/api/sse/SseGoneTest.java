package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.SseClient.Event;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A session removed while watched: the stream says so with a {@code gone} event and ends. */
@QuarkusTest
class SseGoneTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BatchSessionManager manager;

    @Inject
    MutableClock clock;

    @Inject
    BatchConfig config;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void deletingTheSessionSendsGoneWithReasonDeletedAndEndsTheStream() throws Exception {
        Session session = LiveSessions.running(manager, 2);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            client.nextEvent();
            manager.delete(session.id());

            Event gone = client.nextEvent();
            assertThat(gone.name()).isEqualTo("gone");
            JsonNode data = JSON.readTree(gone.data());
            assertThat(data.get("task_id").asText()).isEqualTo(session.id().toString());
            assertThat(data.get("reason").asText()).isEqualTo("deleted");
            assertThat(client.awaitEnd()).isTrue();
        }
    }

    @Test
    void expiryRemovalSendsGoneWithReasonExpiredAndEndsTheStream() throws Exception {
        Session session = LiveSessions.running(manager, 2);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            client.nextEvent();
            clock.advance(config.sessionTimeout().plus(config.expiryStep()).plusSeconds(1));
            assertThat(manager.expire(session.id())).isTrue();

            Event gone = client.nextEvent();
            assertThat(gone.name()).isEqualTo("gone");
            JsonNode data = JSON.readTree(gone.data());
            assertThat(data.get("task_id").asText()).isEqualTo(session.id().toString());
            assertThat(data.get("reason").asText()).isEqualTo("expired");
            assertThat(client.awaitEnd()).isTrue();
        }
    }
}
