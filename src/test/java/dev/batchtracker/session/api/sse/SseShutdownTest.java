package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.testing.SseClient;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On shutdown every open stream ends cleanly (the client sees the response end, not a reset), and a stream opened
 * while the instance shuts down ends at once instead of being refused, so a browser reconnects elsewhere rather
 * than giving up. Runs in an application of its own: the shutdown signal cannot be taken back.
 */
@QuarkusTest
@TestProfile(SseShutdownTest.OwnApplication.class)
class SseShutdownTest {

    @Inject
    BatchSessionManager manager;

    @Inject
    SseStreams streams;

    @Inject
    Event<ShutdownDelayInitiatedEvent> shutdownSignal;

    @TestHTTPResource("/")
    URI base;

    @Test
    void theShutdownSignalEndsEveryOpenStreamCleanlyAndLaterStreamsEndAtOnce() {
        Session first = LiveSessions.running(manager, 1);
        Session second = LiveSessions.running(manager, 1);

        try (SseClient a = SseClient.open(LiveSessions.statusUri(base, first.id()));
             SseClient b = SseClient.open(LiveSessions.statusUri(base, second.id()))) {
            a.nextEvent();
            b.nextEvent();

            shutdownSignal.fire(new ShutdownDelayInitiatedEvent());

            assertThat(a.awaitEnd()).as("first stream ended cleanly").isTrue();
            assertThat(b.awaitEnd()).as("second stream ended cleanly").isTrue();
            assertThat(streams.subscriberCount()).isZero();
        }

        try (SseClient late = SseClient.open(LiveSessions.statusUri(base, first.id()))) {
            assertThat(late.status()).isEqualTo(200);
            assertThat(late.awaitEnd()).isTrue();
            assertThat(late.takeReceived()).isEmpty();
        }

        // A client that has the final version of a finished session is told to stop, shutdown or not.
        Session finished = manager.transition(second.id(), SessionStatus.CANCELLED, "stopped by the test");
        try (SseClient done = SseClient.open(LiveSessions.statusUri(base, finished.id()),
                "Last-Event-ID", Long.toString(finished.version()))) {
            assertThat(done.status()).isEqualTo(204);
            assertThat(done.body()).isEmpty();
        }
    }

    public static class OwnApplication implements QuarkusTestProfile {
    }
}
