package dev.batchtracker.session.events;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** On shutdown every open stream ends cleanly: each client sees its response end, not a reset connection. */
@QuarkusTest
class SseShutdownTest {

    @Inject
    BatchSessionManager manager;

    @Inject
    SessionStreams streams;

    @TestHTTPResource("/")
    URI base;

    @Test
    void closingAllEndsEveryOpenStreamCleanly() {
        Session first = LiveSessions.running(manager, 1);
        Session second = LiveSessions.running(manager, 1);

        try (SseClient a = SseClient.open(LiveSessions.statusUri(base, first.id()));
             SseClient b = SseClient.open(LiveSessions.statusUri(base, second.id()))) {
            a.nextEvent();
            b.nextEvent();

            streams.closeAll();

            assertThat(a.awaitEnd()).as("first stream ended cleanly").isTrue();
            assertThat(b.awaitEnd()).as("second stream ended cleanly").isTrue();
            await().atMost(SseClient.BOUND).until(() -> streams.subscriberCount() == 0);
        }
    }
}
