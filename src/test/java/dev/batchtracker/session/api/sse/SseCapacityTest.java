package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Past batch.sse.max-subscribers (3 here) a new stream is refused with 503; a closed stream frees its slot. A reconnect
 * that has a finished session's final version takes no slot and is 204 even then.
 */
@QuarkusTest
@TestProfile(TightLimitsProfile.class)
class SseCapacityTest {

    @Inject
    BatchSessionManager manager;

    @Inject
    SseStreams streams;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void noStreamsOpen() {
        await().atMost(SseClient.BOUND).until(() -> streams.subscriberCount() == 0);
    }

    @Test
    void oneStreamPastTheLimitIs503AndAClosedStreamFreesItsSlot() {
        Session session = LiveSessions.running(manager, 1);
        URI uri = LiveSessions.statusUri(base, session.id());
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < TightLimitsProfile.MAX_SUBSCRIBERS; i++) {
                SseClient client = SseClient.open(uri);
                open.add(client);
                assertThat(client.status()).isEqualTo(200);
                assertThat(client.nextEvent().name()).isEqualTo("status");
            }
            assertThat(streams.subscriberCount()).isEqualTo(TightLimitsProfile.MAX_SUBSCRIBERS);

            try (SseClient refused = SseClient.open(uri)) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
            }

            open.remove(0).close();
            await().atMost(SseClient.BOUND).until(() -> streams.subscriberCount() < TightLimitsProfile.MAX_SUBSCRIBERS);

            SseClient again = SseClient.open(uri);
            open.add(again);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.nextEvent().name()).isEqualTo("status");
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void atTheLimitAReconnectWithTheFinalVersionIsStill204() {
        Session running = LiveSessions.running(manager, 1);
        Session created = LiveSessions.create(manager, 1);
        Session finished = manager.transition(created.id(), SessionStatus.CANCELLED, "stopped by the test");
        URI finishedUri = LiveSessions.statusUri(base, finished.id());
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < TightLimitsProfile.MAX_SUBSCRIBERS; i++) {
                SseClient client = SseClient.open(LiveSessions.statusUri(base, running.id()));
                open.add(client);
                assertThat(client.nextEvent().name()).isEqualTo("status");
            }

            // It needs no slot: 204 tells it to stop, where a 503 is an error some clients would retry.
            try (SseClient reconnect = SseClient.open(finishedUri, "Last-Event-ID",
                    Long.toString(finished.version()))) {
                assertThat(reconnect.status()).isEqualTo(204);
            }
            try (SseClient fresh = SseClient.open(finishedUri)) {
                assertThat(fresh.status()).as("a stream to send, and no slot for it").isEqualTo(503);
            }
            assertThat(streams.subscriberCount()).isEqualTo(TightLimitsProfile.MAX_SUBSCRIBERS);
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void streamsTheServerEndsGiveTheirSlotsBack() {
        for (int round = 0; round < 2 * TightLimitsProfile.MAX_SUBSCRIBERS; round++) {
            Session session = LiveSessions.running(manager, 1);
            try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
                assertThat(client.nextEvent().name()).isEqualTo("status");
                if (round % 2 == 0) {
                    manager.transition(session.id(), SessionStatus.CANCELLED, null);
                } else {
                    manager.delete(session.id());
                }
                assertThat(client.awaitEnd()).isTrue();
            }
            // The slot is given back before the response ends, so this holds without waiting.
            assertThat(streams.subscriberCount()).isZero();
        }
    }
}
