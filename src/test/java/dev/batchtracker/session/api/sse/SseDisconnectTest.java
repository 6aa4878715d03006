package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that goes away releases its stream at once: its slot and its hub subscription. Heartbeats are an hour
 * apart here, so no write to the dead connection can be what notices it.
 */
@QuarkusTest
@TestProfile(SseDisconnectTest.NoHeartbeats.class)
class SseDisconnectTest {

    @Inject
    BatchSessionManager manager;

    @Inject
    SseStreams streams;

    @Inject
    SessionEventHub hub;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aClosedConnectionReleasesItsStreamWithoutWaitingForAWrite() throws Exception {
        await().atMost(SseClient.BOUND).until(() -> streams.subscriberCount() == 0);
        Session session = LiveSessions.running(manager, 2);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            assertThat(client.nextEvent().name()).isEqualTo("status");
            assertThat(streams.subscriberCount()).isEqualTo(1);
            assertThat(hub.subscriberCount()).isEqualTo(1);
        }

        await().atMost(SseClient.BOUND).until(() -> streams.subscriberCount() == 0 && hub.subscriberCount() == 0);
    }

    public static class NoHeartbeats implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.sse.heartbeat", "1h");
        }
    }
}
