package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.api.sse.LiveSessions;
import dev.batchtracker.session.api.sse.TightLimitsProfile;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A waiting long poll holds no thread: with 8 worker threads, three times as many polls wait at once, a plain read
 * is still answered meanwhile, and one write answers them all; for a newer version and for a terminal status alike.
 */
@QuarkusTest
@TestProfile(TightLimitsProfile.class)
class LongPollThreadsTest {

    private static final int POLLS = 3 * TightLimitsProfile.WORKER_THREADS;

    @Inject
    BatchSessionManager manager;

    @Inject
    SessionEventHub hub;

    @TestHTTPResource("/")
    URI base;

    @Test
    void morePollsThanWorkerThreadsWaitAtOnceAndAllAreAnswered() throws Exception {
        Session session = waitingSession();
        Session newer = pollsWaitWithoutThreads(session, "wait_for_version=" + session.version(),
                () -> manager.reportProgress(session.id(), 50.0));
        assertThat(newer.version()).isGreaterThan(session.version());
    }

    @Test
    void morePollsThanWorkerThreadsWaitForATerminalStatusAtOnce() throws Exception {
        Session session = waitingSession();
        Session cancelled = pollsWaitWithoutThreads(session, "wait=terminal",
                () -> manager.transition(session.id(), SessionStatus.CANCELLED, "stopped by the test"));
        assertThat(cancelled.status()).isEqualTo(SessionStatus.CANCELLED);
    }

    private Session waitingSession() {
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 0);
        return LiveSessions.running(manager, 1);
    }

    /** Opens {@link #POLLS} polls with {@code query}, checks they all wait at once, then lets {@code write} answer them. */
    private Session pollsWaitWithoutThreads(Session session, String query, Supplier<Session> write) throws Exception {
        URI status = LiveSessions.statusUri(base, session.id());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest pollRequest = HttpRequest.newBuilder(URI.create(status + "?" + query + "&timeout=60s")).GET().build();

        List<CompletableFuture<HttpResponse<String>>> polls = new ArrayList<>();
        for (int i = 0; i < POLLS; i++) {
            polls.add(http.sendAsync(pollRequest, HttpResponse.BodyHandlers.ofString()));
        }
        // Each waiting poll is a hub listener; had each held a worker thread, at most 8 could wait at a time.
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == POLLS);

        HttpResponse<String> plainRead = http.send(HttpRequest.newBuilder(status).GET().timeout(SseClient.BOUND).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plainRead.statusCode()).isEqualTo(200);
        assertThat(polls).noneMatch(CompletableFuture::isDone);

        Session written = write.get();

        CompletableFuture.allOf(polls.toArray(CompletableFuture[]::new)).get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);
        ObjectMapper json = new ObjectMapper();
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> response = poll.join();
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(json.readTree(response.body()).get("version").asLong()).isEqualTo(written.version());
        }
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 0);
        return written;
    }
}
