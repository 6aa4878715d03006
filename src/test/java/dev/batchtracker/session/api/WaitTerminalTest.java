package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
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
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * GET status with ?wait=terminal&timeout=…: answered once the status is terminal, whichever; else 304 at the timeout.
 * The ends it shares with every long poll (304 at the timeout, 410, 404) are in {@link LongPollTest}.
 */
@QuarkusTest
class WaitTerminalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The four ways a running session of two nodes ends, each through the manager's one write path. */
    enum Ending {
        COMPLETED(SessionStatus.COMPLETED) {
            @Override
            Session finish(BatchSessionManager manager, UUID id) {
                report(manager, id, "a", NodeStatus.COMPLETED);
                return report(manager, id, "b", NodeStatus.COMPLETED);
            }
        },
        PARTIAL_FAILURE(SessionStatus.PARTIAL_FAILURE) {
            @Override
            Session finish(BatchSessionManager manager, UUID id) {
                report(manager, id, "a", NodeStatus.COMPLETED);
                return report(manager, id, "b", NodeStatus.FAILED);
            }
        },
        FAILED(SessionStatus.FAILED) {
            @Override
            Session finish(BatchSessionManager manager, UUID id) {
                report(manager, id, "a", NodeStatus.FAILED);
                return report(manager, id, "b", NodeStatus.FAILED);
            }
        },
        CANCELLED(SessionStatus.CANCELLED) {
            @Override
            Session finish(BatchSessionManager manager, UUID id) {
                report(manager, id, "a", NodeStatus.COMPLETED);
                return manager.transition(id, SessionStatus.CANCELLED, "stopped by the test");
            }
        };

        final SessionStatus status;

        Ending(SessionStatus status) {
            this.status = status;
        }

        /** Two writes: the first leaves the session running, the second ends it. */
        abstract Session finish(BatchSessionManager manager, UUID id);

        static Session report(BatchSessionManager manager, UUID id, String node, NodeStatus status) {
            return manager.reportNode(id, node, new NodeReport(status, null, status == NodeStatus.FAILED ? "boom" : null,
                    null, null));
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

    @ParameterizedTest
    @EnumSource(Ending.class)
    void aWaitIsAnsweredWhenTheStatusTurnsTerminal(Ending ending) throws Exception {
        Session session = LiveSessions.running(manager, 2);
        CompletableFuture<HttpResponse<String>> poll = waitTerminal(session.id(), "20s");
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 1);

        Session last = ending.finish(manager, session.id());

        HttpResponse<String> response = poll.get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        assertThat(doc.get("status").asText()).isEqualTo(ending.status.name().toLowerCase(Locale.ROOT));
        assertThat(doc.get("version").asLong()).isEqualTo(last.version());
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + last.version() + "\"");
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 0);
    }

    @Test
    void aNewVersionThatIsNotTerminalDoesNotAnswerTheWait() throws Exception {
        Session session = LiveSessions.running(manager, 2);
        CompletableFuture<HttpResponse<String>> poll = waitTerminal(session.id(), "20s");
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 1);

        Session running = LiveSessions.finishNode(manager, session.id(), "a");
        assertThat(running.status()).isEqualTo(SessionStatus.RUNNING);

        // Still subscribed after the running version was published: the poll did not end on it.
        assertThat(hub.subscriberCount()).isEqualTo(1);
        assertThat(poll).isNotDone();
        Session last = LiveSessions.finishNode(manager, session.id(), "b");
        HttpResponse<String> response = poll.get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("version").asLong()).isEqualTo(last.version());
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void anAlreadyTerminalSessionIsAnsweredAtOnceEvenWhenTheClientHasItsETag(Ending ending) throws Exception {
        Session session = LiveSessions.running(manager, 2);
        Session last = ending.finish(manager, session.id());

        // 60s is the longest wait; the answer comes well inside the bound, and without subscribing at all.
        HttpResponse<String> response = waitTerminal(session.id(), "60s", "\"" + last.version() + "\"")
                .get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JSON.readTree(response.body());
        assertThat(doc.get("status").asText()).isEqualTo(ending.status.name().toLowerCase(Locale.ROOT));
        assertThat(doc.get("version").asLong()).isEqualTo(last.version());
        assertThat(hub.subscriberCount()).isZero();
    }

    @Test
    void theTimeout304CarriesTheNewestVersionSeenWhileWaiting() throws Exception {
        Session session = LiveSessions.running(manager, 2);
        CompletableFuture<HttpResponse<String>> poll = waitTerminal(session.id(), "3s");
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 1);

        Session running = LiveSessions.finishNode(manager, session.id(), "a");

        HttpResponse<String> response = poll.get(SseClient.BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.headers().firstValue("ETag")).hasValue("\"" + running.version() + "\"");
    }

    private CompletableFuture<HttpResponse<String>> waitTerminal(UUID id, String timeout) {
        return waitTerminal(id, timeout, null);
    }

    private CompletableFuture<HttpResponse<String>> waitTerminal(UUID id, String timeout, String ifNoneMatch) {
        URI uri = URI.create(LiveSessions.statusUri(base, id) + "?wait=terminal&timeout=" + timeout);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "application/json").GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
