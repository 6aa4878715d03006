package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.api.sse.LiveSessions;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET status with ?wait_for_version=N&timeout=…: answered as soon as version > N, else 304 at the timeout. What a
 * long poll does at its end whatever it waits for (304, 410, 404) is checked for {@code wait=terminal} too.
 */
@QuarkusTest
class LongPollTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** What a poll waits for, as its query. */
    enum Wait {
        NEWER_VERSION, TERMINAL;

        String query(long version) {
            return this == TERMINAL ? "wait=terminal" : "wait_for_version=" + version;
        }
    }

    @Inject
    BatchSessionManager manager;

    @Inject
    SessionEventHub hub;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void nobodyWatching() {
        // Streams of earlier tests may still be closing; from zero on, the hub's count is this test's own.
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 0);
    }

    @Test
    void aWaitingPollIsAnsweredByTheNextVersion() throws Exception {
        Session session = LiveSessions.running(manager, 2);

        CompletableFuture<HttpResponse<String>> poll = poll(session.id(), session.version(), "20s");
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 1);
        assertThat(poll).isNotDone();

        Session newer = LiveSessions.finishNode(manager, session.id(), "a");

        HttpResponse<String> response = poll.get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + newer.version() + "\"");
        assertThat(JSON.readTree(response.body()).get("version").asLong()).isEqualTo(newer.version());
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 0);
    }

    @Test
    void aPollForAnOlderVersionIsAnsweredAtOnce() throws Exception {
        Session session = LiveSessions.running(manager, 2);
        Session newer = LiveSessions.finishNode(manager, session.id(), "a");

        HttpResponse<String> response = poll(session.id(), session.version(), "60s")
                .get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("version").asLong()).isEqualTo(newer.version());
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void nothingNewBeforeTheTimeoutIs304WithTheCurrentETag(Wait wait) throws Exception {
        Session session = LiveSessions.running(manager, 2);

        HttpResponse<String> response = poll(session.id(), wait.query(session.version()), "300ms")
                .get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + session.version() + "\"");
        assertThat(response.body()).isEmpty();
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 0);
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void aSessionDeletedWhileThePollWaitsIs410(Wait wait) throws Exception {
        Session session = LiveSessions.running(manager, 2);
        CompletableFuture<HttpResponse<String>> poll = poll(session.id(), wait.query(session.version()), "20s");
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 1);

        manager.delete(session.id());

        HttpResponse<String> response = poll.get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(410);
        assertThat(JSON.readTree(response.body()).get("reason").asText()).isEqualTo("deleted");
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void pollingAnUnknownSessionIs404(Wait wait) throws Exception {
        HttpResponse<String> response = poll(UUID.randomUUID(), wait.query(1), "1s")
                .get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(404);
    }

    private CompletableFuture<HttpResponse<String>> poll(UUID id, long version, String timeout) {
        return poll(id, Wait.NEWER_VERSION.query(version), timeout);
    }

    private CompletableFuture<HttpResponse<String>> poll(UUID id, String query, String timeout) {
        URI uri = URI.create(LiveSessions.statusUri(base, id) + "?" + query + "&timeout=" + timeout);
        return HTTP.sendAsync(HttpRequest.newBuilder(uri).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
