package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** What cannot be streamed is answered with a problem before any stream starts, never with an empty stream. */
@QuarkusTest
class SseRefusalTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BatchSessionManager manager;

    @Inject
    MutableClock clock;

    @Inject
    BatchConfig config;

    @Inject
    SseStreams streams;

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void anUnknownSessionIs404() throws Exception {
        assertRefused(LiveSessions.statusUri(base, UUID.randomUUID()), 404);
    }

    @Test
    void aMalformedIdIs404() throws Exception {
        assertRefused(base.resolve(LiveSessions.STATUS_PATH + "not-a-uuid"), 404);
    }

    @Test
    void aDeletedSessionIs410WithItsReason() throws Exception {
        Session session = LiveSessions.running(manager, 1);
        manager.delete(session.id());

        JsonNode problem = assertRefused(LiveSessions.statusUri(base, session.id()), 410);
        assertThat(problem.get("reason").asText()).isEqualTo("deleted");
    }

    @Test
    void aSessionPastItsExpiryIs410BeforeTheCleanupRemovesIt() throws Exception {
        Session session = LiveSessions.running(manager, 1);
        clock.advance(config.sessionTimeout().plus(config.expiryStep()).plusSeconds(1));

        JsonNode problem = assertRefused(LiveSessions.statusUri(base, session.id()), 410);
        assertThat(problem.get("reason").asText()).isEqualTo("expired");
    }

    @Test
    void aLastEventIdThatIsNotAVersionIs400() throws Exception {
        Session session = LiveSessions.running(manager, 1);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()),
                "Last-Event-ID", "not-a-version")) {
            assertThat(client.status()).isEqualTo(400);
            assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    private JsonNode assertRefused(URI uri, int status) throws Exception {
        int before = streams.subscriberCount();
        try (SseClient client = SseClient.open(uri)) {
            assertThat(client.status()).isEqualTo(status);
            assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(client.body());
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            assertThat(streams.subscriberCount()).as("a refused stream holds no slot").isLessThanOrEqualTo(before);
            return problem;
        }
    }
}
