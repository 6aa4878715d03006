package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.SseClient.Event;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The end of a finished session's stream is final: a spec-following client reconnects after the terminal event with
 * Last-Event-ID, and 204 No Content is what tells it to stop (WHATWG HTML, server-sent events). A client that does
 * not have the final version yet still gets it, then the end of the stream.
 */
@QuarkusTest
class SseFinishedSessionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BatchSessionManager manager;

    @Inject
    SseStreams streams;

    @TestHTTPResource("/")
    URI base;

    @Test
    void theReconnectAfterTheTerminalEventIsAnswered204WithNoBody() {
        Session session = LiveSessions.running(manager, 1);
        URI status = LiveSessions.statusUri(base, session.id());
        String finalId;
        try (SseClient client = SseClient.open(status)) {
            client.nextEvent();
            LiveSessions.finishNode(manager, session.id(), "only");
            Event last = client.nextEvent();
            assertThat(client.awaitEnd()).isTrue();
            finalId = last.id();
        }

        // What an EventSource does next: wait `retry`, then ask again with the last id it saw.
        try (SseClient reconnect = SseClient.open(status, "Last-Event-ID", finalId)) {
            assertThat(reconnect.status()).isEqualTo(204);
            assertThat(reconnect.body()).isEmpty();
            assertThat(reconnect.headers().firstValue("Content-Type")).isEmpty();
        }
        assertThat(streams.pendingVersions(session.id())).as("no stream was opened for it").isEmpty();
    }

    @Test
    void theFinalVersionInTheQueryIsAnswered204Too() {
        Session finished = finishedSession();

        URI uri = URI.create(LiveSessions.statusUri(base, finished.id()) + "?last_event_id=" + finished.version());

        try (SseClient client = SseClient.open(uri)) {
            assertThat(client.status()).isEqualTo(204);
            assertThat(client.body()).isEmpty();
        }
    }

    @Test
    void aLastEventIdBeyondTheFinalVersionIsAnswered204() {
        Session finished = finishedSession();

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, finished.id()),
                "Last-Event-ID", Long.toString(finished.version() + 5))) {
            assertThat(client.status()).isEqualTo(204);
            assertThat(client.body()).isEmpty();
        }
    }

    @Test
    void anOlderLastEventIdGetsTheFinalSnapshotThenTheEnd() throws Exception {
        Session running = LiveSessions.running(manager, 1);
        Session finished = LiveSessions.finishNode(manager, running.id(), "only");

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, finished.id()),
                "Last-Event-ID", Long.toString(running.version()))) {
            assertThat(client.status()).isEqualTo(200);
            Event last = client.nextEvent();
            assertThat(last.id()).isEqualTo(Long.toString(finished.version()));
            assertThat(JSON.readTree(last.data()).get("status").asText()).isEqualTo("completed");
            assertThat(client.awaitEnd()).isTrue();
            assertThat(client.takeReceivedEvents()).isEmpty();
        }
    }

    @Test
    void withoutLastEventIdAFinishedSessionGetsItsFinalSnapshotThenTheEnd() throws Exception {
        Session finished = finishedSession();

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, finished.id()))) {
            assertThat(client.status()).isEqualTo(200);
            Event only = client.nextEvent();
            assertThat(only.id()).isEqualTo(Long.toString(finished.version()));
            assertThat(JSON.readTree(only.data()).get("status").asText()).isEqualTo("cancelled");
            assertThat(client.awaitEnd()).isTrue();
        }
    }

    @Test
    void aRunningSessionWithTheCurrentVersionStillGetsAnOpenStream() {
        Session running = LiveSessions.running(manager, 2);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, running.id()),
                "Last-Event-ID", Long.toString(running.version()))) {
            // The head comes at once, before any event: the client sees OPEN while the stream waits for a change.
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            await().atMost(SseClient.BOUND).until(() -> streams.pendingVersions(running.id()).size() == 1);
            assertThat(client.hasEnded()).isFalse();
        }
    }

    private Session finishedSession() {
        Session created = LiveSessions.create(manager, 1);
        return manager.transition(created.id(), SessionStatus.CANCELLED, "stopped by the test");
    }
}
