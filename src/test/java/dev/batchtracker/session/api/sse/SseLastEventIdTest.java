package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.SseClient.Event;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Resuming: a client that says which version it has (Last-Event-ID header, or ?last_event_id= for clients that
 * cannot set headers) gets nothing it already has.
 */
@QuarkusTest
class SseLastEventIdTest {

    @Inject
    BatchSessionManager manager;

    @Inject
    SseStreams streams;

    @TestHTTPResource("/")
    URI base;

    @Test
    void withTheCurrentVersionInTheHeaderTheSnapshotWaitsForANewerOne() {
        Session session = LiveSessions.running(manager, 2);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()),
                "Last-Event-ID", Long.toString(session.version()))) {
            assertThat(client.status()).isEqualTo(200);
            awaitOpen(session.id());
            assertThat(client.takeReceivedEvents()).as("nothing the client already has").isEmpty();

            Session newer = LiveSessions.finishNode(manager, session.id(), "a");

            Event first = client.nextEvent();
            assertThat(first.id()).isEqualTo(Long.toString(newer.version()));
            assertThat(first.retry()).isEqualTo(3000L);
        }
    }

    @Test
    void withTheCurrentVersionInTheQueryTheSnapshotWaitsForANewerOne() {
        Session session = LiveSessions.running(manager, 2);
        URI uri = URI.create(LiveSessions.statusUri(base, session.id()) + "?last_event_id=" + session.version());

        try (SseClient client = SseClient.open(uri)) {
            assertThat(client.status()).isEqualTo(200);
            awaitOpen(session.id());
            assertThat(client.takeReceivedEvents()).isEmpty();

            Session newer = LiveSessions.finishNode(manager, session.id(), "a");

            assertThat(client.nextEvent().id()).isEqualTo(Long.toString(newer.version()));
        }
    }

    @Test
    void anOlderVersionGetsTheCurrentSnapshotAtOnce() {
        Session session = LiveSessions.running(manager, 2);
        Session current = LiveSessions.finishNode(manager, session.id(), "a");

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()),
                "Last-Event-ID", Long.toString(session.version()))) {
            assertThat(client.nextEvent().id()).isEqualTo(Long.toString(current.version()));
        }
    }

    /** The stream is registered and has taken the snapshot: from here, silence means it was withheld. */
    private void awaitOpen(UUID id) {
        await().atMost(SseClient.BOUND).until(() -> streams.pendingVersions(id),
                pending -> pending.size() == 1 && pending.get(0) == null);
    }
}
