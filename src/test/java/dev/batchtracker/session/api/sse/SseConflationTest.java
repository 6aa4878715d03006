package dev.batchtracker.session.api.sse;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that stops reading while many versions are written: the server does not queue them for it, it holds one
 * snapshot, the newest. When the client reads again it gets fewer events than there were versions, in order,
 * ending with the newest one.
 */
@QuarkusTest
class SseConflationTest {

    /** Each event carries ~15 KiB of metadata, so the writes fill the socket buffers on both ends quickly. */
    private static final String BULKY_METADATA = "{\"padding\":\"" + "x".repeat(15_000) + "\"}";
    private static final int VERSIONS = 2_000;

    @Inject
    BatchSessionManager manager;

    @Inject
    SseStreams streams;

    @TestHTTPResource("/")
    URI base;

    @Test
    void aClientThatStopsReadingIsHeldOneSnapshotAndGetsTheNewestWhenItReadsAgain() {
        Session session = bulkyRunningSession();
        UUID id = session.id();

        try (SseClient client = SseClient.openWithoutReading(LiveSessions.statusUri(base, id))) {
            assertThat(client.status()).isEqualTo(200);
            long version = session.version();
            for (int i = 1; i <= VERSIONS; i++) {
                version = manager.reportProgress(id, i * 0.01).version();
                long written = version;
                // Pace the writer to the server: each version is either on its way to the socket or held back
                // because the client has not taken the previous event, so only a full socket can conflate.
                await().atMost(SseClient.BOUND).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                        .until(() -> streams.pendingVersions(id),
                                pending -> pending.size() == 1 && (pending.get(0) == null || pending.get(0) == written));
            }
            assertThat(streams.pendingVersions(id))
                    .as("the stalled stream holds exactly one snapshot, the newest")
                    .containsExactly(version);

            List<Long> received = readUntil(client, version);
            assertThat(received).isSorted().doesNotHaveDuplicates();
            assertThat(received.get(received.size() - 1)).isEqualTo(version);
            assertThat(received.size())
                    .as("versions conflated while the socket was full (%d of %d arrived)", received.size(), VERSIONS + 1)
                    .isLessThan(VERSIONS / 2);
        }
    }

    @Test
    void aBurstOfWritesFasterThanTheConnectionIsConflatedToo() {
        Session session = bulkyRunningSession();

        try (SseClient client = SseClient.openWithoutReading(LiveSessions.statusUri(base, session.id()))) {
            assertThat(client.status()).isEqualTo(200);
            long version = session.version();
            for (int i = 1; i <= VERSIONS; i++) {
                version = manager.reportProgress(session.id(), i * 0.01).version();
            }
            assertThat(version).isEqualTo(session.version() + VERSIONS);

            List<Long> received = readUntil(client, version);
            assertThat(received).isSorted().doesNotHaveDuplicates();
            assertThat(received.get(received.size() - 1)).isEqualTo(version);
            assertThat(received.size()).isLessThan(VERSIONS / 2);
        }
    }

    private Session bulkyRunningSession() {
        Session created = LiveSessions.create(manager, 0, BULKY_METADATA);
        return manager.transition(created.id(), SessionStatus.RUNNING, null);
    }

    private static List<Long> readUntil(SseClient client, long finalVersion) {
        client.startReading();
        List<Long> received = new ArrayList<>();
        while (received.isEmpty() || received.get(received.size() - 1) < finalVersion) {
            Event event = client.nextEvent();
            received.add(Long.parseLong(event.id()));
        }
        return received;
    }
}
