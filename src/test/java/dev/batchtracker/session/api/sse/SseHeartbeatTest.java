package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

/** An idle stream carries a comment line every batch.sse.heartbeat (200ms here), so proxies keep it open. */
@QuarkusTest
@TestProfile(TightLimitsProfile.class)
class SseHeartbeatTest {

    @Inject
    BatchSessionManager manager;

    @TestHTTPResource("/")
    URI base;

    @Test
    void anIdleStreamReceivesHeartbeatComments() {
        Session session = LiveSessions.running(manager, 1);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            assertThat(client.next()).isInstanceOf(SseClient.Event.class);

            for (int i = 0; i < 2; i++) {
                SseClient.Frame frame = client.next();
                assertThat(frame).isEqualTo(new SseClient.Comment(SseFrames.HEARTBEAT));
            }
            assertThat(client.hasEnded()).isFalse();
        }
    }

    @Test
    void heartbeatsKeepAWithheldStreamAliveAndTheUpdateStillArrives() {
        Session session = LiveSessions.running(manager, 2);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()),
                "Last-Event-ID", Long.toString(session.version()))) {
            assertThat(client.next()).isEqualTo(new SseClient.Comment(SseFrames.HEARTBEAT));

            Session newer = LiveSessions.finishNode(manager, session.id(), "a");
            assertThat(client.nextEvent().id()).isEqualTo(Long.toString(newer.version()));
        }
    }
}
