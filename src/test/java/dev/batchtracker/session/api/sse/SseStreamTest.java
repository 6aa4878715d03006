package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The stream of one session over HTTP: the first snapshot, one event per newer version, the end at a terminal status. */
@QuarkusTest
class SseStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    BatchSessionManager manager;

    @TestHTTPResource("/")
    URI base;

    @Test
    void theFirstEventIsTheCurrentSnapshotWithIdAndRetry() throws Exception {
        Session session = LiveSessions.running(manager, 3);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(client.headers().firstValue("Cache-Control")).hasValue("no-cache");

            Event first = client.nextEvent();
            assertThat(first.name()).isEqualTo("status");
            assertThat(first.id()).isEqualTo(Long.toString(session.version()));
            assertThat(first.retry()).isEqualTo(3000L);
            JsonNode document = JSON.readTree(first.data());
            assertThat(document.get("task_id").asText()).isEqualTo(session.id().toString());
            assertThat(document.get("status").asText()).isEqualTo("running");
            assertThat(document.get("version").asLong()).isEqualTo(session.version());
            assertThat(document.get("node_count").asInt()).isEqualTo(3);
            assertThat(document.get("pending_nodes").asInt()).isEqualTo(3);
            assertThat(document.has("canvas_path")).isTrue();
            assertThat(document.has("groups")).isTrue();
            assertThat(document.has("history")).as("SSE data is the document without history").isFalse();
        }
    }

    @Test
    void eachNewVersionArrivesAsOneStatusEventInOrder() throws Exception {
        Session session = LiveSessions.running(manager, 3);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            assertThat(client.nextEvent().id()).isEqualTo(Long.toString(session.version()));

            for (String node : List.of("a", "b")) {
                Session written = LiveSessions.finishNode(manager, session.id(), node);
                Event event = client.nextEvent();
                assertThat(event.name()).isEqualTo("status");
                assertThat(event.id()).isEqualTo(Long.toString(written.version()));
                assertThat(event.retry()).as("retry goes with the first event only").isNull();
                assertThat(JSON.readTree(event.data()).get("completed_nodes").asInt())
                        .isEqualTo(written.counts().completed());
            }
        }
    }

    @Test
    void theStreamEndsAfterTheEventCarryingATerminalStatus() throws Exception {
        Session session = LiveSessions.running(manager, 2);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            client.nextEvent();
            Session cancelled = manager.transition(session.id(), SessionStatus.CANCELLED, "operator stopped it");

            Event last = client.nextEvent();
            assertThat(last.id()).isEqualTo(Long.toString(cancelled.version()));
            assertThat(JSON.readTree(last.data()).get("status").asText()).isEqualTo("cancelled");
            assertThat(client.awaitEnd()).as("ended cleanly").isTrue();
            assertThat(client.takeReceivedEvents()).isEmpty();
        }
    }

    @Test
    void aStreamOnAFinishedSessionSendsTheFinalSnapshotAndEnds() throws Exception {
        Session session = LiveSessions.running(manager, 1);
        Session finished = LiveSessions.finishNode(manager, session.id(), "only");
        assertThat(finished.status()).isEqualTo(SessionStatus.COMPLETED);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            Event only = client.nextEvent();
            assertThat(only.id()).isEqualTo(Long.toString(finished.version()));
            assertThat(JSON.readTree(only.data()).get("status").asText()).isEqualTo("completed");
            assertThat(client.awaitEnd()).isTrue();
        }
    }

    @Test
    void versionsOnTheStreamStrictlyIncreaseUnderConcurrentWriters() throws Exception {
        int writers = 4;
        int nodesPerWriter = 50;
        Session session = LiveSessions.running(manager, writers * nodesPerWriter);
        UUID id = session.id();

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, id))) {
            client.nextEvent();
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(pool.submit(() -> {
                        for (int n = 0; n < nodesPerWriter; n++) {
                            LiveSessions.finishNode(manager, id, "w" + writer + "-n" + n);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Session last = manager.get(id);
            assertThat(last.status()).isEqualTo(SessionStatus.COMPLETED);

            assertThat(client.awaitEnd()).isTrue();
            List<Long> versions = new ArrayList<>(List.of(session.version()));
            for (SseClient.Frame frame : client.takeReceived()) {
                if (frame instanceof Event event) {
                    versions.add(Long.parseLong(event.id()));
                }
            }
            assertThat(versions).isSorted().doesNotHaveDuplicates();
            assertThat(versions.get(versions.size() - 1)).isEqualTo(last.version());
        }
    }
}
