package dev.batchtracker.session;

import dev.batchtracker.session.metrics.BatchMeters;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.SettableClock;
import dev.batchtracker.testing.TestBatchConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code batch.expiry-step}: an unfinished session's expiry is the session timeout after its last write, rounded up
 * to a whole step, so writes within one step leave it (and the stores' expiry indexes) where it is.
 */
class ExpiryStepTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Duration STEP = Duration.ofSeconds(10);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:03.250Z"));

    private BatchSessionManager manager(Duration step) {
        return new BatchSessionManager(new InMemorySessionStore(), new RecordingEventHub(), clock,
                TestBatchConfig.overriding(TestBatchConfig.defaults().withSessionTimeout(TIMEOUT), "expiryStep", step),
                new BatchMeters(new SimpleMeterRegistry()));
    }

    private static NodeReport completed() {
        return new NodeReport(NodeStatus.COMPLETED, null, null, null, null);
    }

    @Test
    void expiryIsRoundedUpToAWholeStepSoWritesWithinOneStepLeaveItWhereItIs() {
        BatchSessionManager manager = manager(STEP);
        Session created = manager.create(new CreateSession("canvases/a.json", 4, null, null, null, "fp")).session();
        assertThat(created.timeline().expiresAt()).isEqualTo(Instant.parse("2026-12-01T10:30:10Z"));

        clock.set(Instant.parse("2026-12-01T10:00:06.999Z"));
        Session running = manager.transition(created.id(), SessionStatus.RUNNING, null);
        Session reported = manager.reportNode(created.id(), "a", completed());
        assertThat(reported.version()).isGreaterThan(running.version()).isGreaterThan(created.version());
        assertThat(reported.timeline().lastActivityAt()).isEqualTo(clock.instant());
        assertThat(reported.timeline().expiresAt()).as("same step: not moved").isEqualTo(created.timeline().expiresAt());

        clock.set(Instant.parse("2026-12-01T10:00:10.001Z"));
        assertThat(manager.reportNode(created.id(), "b", completed()).timeline().expiresAt())
                .as("next step").isEqualTo(Instant.parse("2026-12-01T10:30:20Z"));

        clock.set(Instant.parse("2026-12-01T10:00:20Z"));
        manager.heartbeat(created.id());
        assertThat(manager.get(created.id()).timeline().expiresAt()).as("a whole step already: exact")
                .isEqualTo(Instant.parse("2026-12-01T10:30:20Z"));
    }

    @Test
    void aSessionNeverExpiresBeforeTheTimeoutAfterItsLastWriteAndAtMostOneStepLater() {
        BatchSessionManager manager = manager(STEP);
        Session session = manager.create(new CreateSession("canvases/a.json", 1, null, null, null, "fp")).session();
        Instant lastWrite = clock.instant();

        clock.set(lastWrite.plus(TIMEOUT).minusMillis(1));
        assertThat(manager.get(session.id()).id()).isEqualTo(session.id());
        clock.set(lastWrite.plus(TIMEOUT).plus(STEP));
        assertThat(manager.expire(session.id())).isTrue();
    }

    @Test
    void aZeroStepIsExact() {
        BatchSessionManager manager = manager(Duration.ZERO);
        Session created = manager.create(new CreateSession("canvases/a.json", 1, null, null, null, "fp")).session();
        assertThat(created.timeline().expiresAt()).isEqualTo(clock.instant().plus(TIMEOUT));
    }

    @Test
    void aFinishedSessionIsKeptTheRetentionAfterItsFinishUnrounded() {
        BatchSessionManager manager = manager(STEP);
        Session created = manager.create(new CreateSession("canvases/a.json", 1, null, null, null, "fp")).session();
        Session finished = manager.transition(created.id(), SessionStatus.CANCELLED, null);
        assertThat(finished.timeline().expiresAt())
                .isEqualTo(finished.timeline().finishedAt().plus(TestBatchConfig.defaults().retention()));
    }
}
