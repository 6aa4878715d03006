package dev.batchtracker.session;

import dev.batchtracker.testing.TestBatchConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static dev.batchtracker.session.NodeStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * How long a session lives: writes and heartbeats extend a live session, reads never do, a finished one is kept
 * for the retention, expiry answers 410 at once (lazily), and a removed one answers 410 for the tombstone TTL,
 * then 404. Time moves by the settable clock.
 */
class SessionLifetimeTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(30);
    private static final Duration RETENTION = Duration.ofMinutes(10);
    private static final Duration TOMBSTONE_TTL = Duration.ofHours(1);

    private final ManagerHarness h = new ManagerHarness(TestBatchConfig.defaults().withSessionTimeout(TIMEOUT)
            .withRetention(RETENTION).withTombstoneTtl(TOMBSTONE_TTL));

    // ---------------------------------------------------------------- heartbeat

    @Test
    void aHeartbeatExtendsExpiryAndClearsStaleButChangesNothingElse() {
        Session running = h.running(2);
        h.clock.advance(h.config.staleAfter());
        assertThat(h.manager.figures(h.manager.get(running.id())).stale()).isTrue();

        h.manager.heartbeat(running.id());

        Session after = h.stored(running.id());
        assertThat(h.manager.figures(after).stale()).isFalse();
        assertThat(after.version()).isEqualTo(running.version());
        assertThat(after.timeline().updatedAt()).isEqualTo(running.timeline().updatedAt());
        assertThat(after.timeline().lastActivityAt())
                .isAfterOrEqualTo(running.timeline().lastActivityAt().plus(h.config.staleAfter()));
        assertThat(after.timeline().expiresAt()).isEqualTo(after.timeline().lastActivityAt().plus(TIMEOUT));
        assertThat(after).usingRecursiveComparison().ignoringFields("timeline.lastActivityAt", "timeline.expiresAt")
                .isEqualTo(running);
    }

    @Test
    void heartbeatsKeepAQuietSessionAlive() {
        Session pending = h.create(1);
        for (int i = 0; i < 5; i++) {
            h.clock.advance(TIMEOUT.minusMinutes(1));
            h.manager.heartbeat(pending.id());
        }

        assertThat(h.manager.get(pending.id()).version()).isEqualTo(1L);
    }

    @Test
    void aHeartbeatDoesNotExtendAFinishedSession() {
        Session finished = h.manager.transition(h.running(1).id(), SessionStatus.CANCELLED, null);
        h.clock.advance(Duration.ofMinutes(5));

        h.manager.heartbeat(finished.id());

        assertThat(h.stored(finished.id())).isEqualTo(finished);
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void aSessionExpiresTheSessionTimeoutAfterItsLastWriteAndIsGoneAtOnce() {
        Session created = h.create(1);
        h.clock.advance(TIMEOUT.minusMinutes(1));
        assertThat(h.manager.get(created.id())).isEqualTo(created);

        h.clock.advance(Duration.ofMinutes(1));

        assertGone(created.id(), GoneReason.EXPIRED);
        assertThat(h.store.find(created.id())).as("lazy: no cleanup has run").isPresent();
    }

    @Test
    void everyKindOfRequestSeesAnExpiredSessionAsGone() {
        Session running = h.running(2);
        h.clock.advance(TIMEOUT);

        List<Consumer<UUID>> calls = List.of(
                h.manager::get,
                id -> h.manager.nodes(id, null, null, 10),
                id -> h.manager.transition(id, SessionStatus.CANCELLED, null),
                id -> h.report(id, "a", COMPLETED),
                id -> h.manager.reportProgress(id, 10),
                h.manager::heartbeat,
                h.manager::delete);
        for (Consumer<UUID> call : calls) {
            SessionGoneException e = catchThrowableOfType(() -> call.accept(running.id()), SessionGoneException.class);
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(GoneReason.EXPIRED);
        }
        assertThat(h.stored(running.id())).isEqualTo(running);
    }

    @Test
    void readsNeverExtendExpiry() {
        Session running = h.running(2);
        h.report(running.id(), "a", RUNNING);
        Session lastWrite = h.stored(running.id());

        h.clock.advance(TIMEOUT.minusMinutes(1));
        h.manager.get(running.id());
        h.manager.nodes(running.id(), null, null, 10);
        h.manager.list(SessionFilter.ALL, null, 10);
        h.manager.figures(h.manager.get(running.id()));

        assertThat(h.stored(running.id())).isEqualTo(lastWrite);
        h.clock.advance(Duration.ofMinutes(1));
        assertGone(running.id(), GoneReason.EXPIRED);
    }

    @Test
    void everyWriteExtendsExpiry() {
        Session running = h.running(3);
        h.clock.advance(Duration.ofMinutes(20));
        Session reported = h.report(running.id(), "a", RUNNING);
        assertThat(reported.timeline().expiresAt()).isEqualTo(reported.timeline().updatedAt().plus(TIMEOUT));

        h.clock.advance(Duration.ofMinutes(20));
        Session progressed = h.manager.reportProgress(running.id(), 5);
        assertThat(progressed.timeline().expiresAt()).isEqualTo(progressed.timeline().updatedAt().plus(TIMEOUT));

        h.clock.advance(Duration.ofMinutes(20));
        assertThat(h.manager.get(running.id()).version()).isEqualTo(progressed.version());
    }

    @Test
    void anAcceptedReportThatChangesNothingStillCountsAsActivity() {
        Session running = h.running(3);
        h.report(running.id(), "a", RUNNING);
        h.report(running.id(), "b", COMPLETED);
        Session progressed = h.manager.reportProgress(running.id(), 50);

        h.clock.advance(h.config.staleAfter());
        Session repeat = h.report(running.id(), "b", COMPLETED);
        assertThat(repeat.version()).isEqualTo(progressed.version());
        assertThat(h.manager.figures(repeat).stale()).isFalse();
        assertThat(repeat.timeline().expiresAt()).isEqualTo(repeat.timeline().lastActivityAt().plus(TIMEOUT));
        assertThat(h.stored(running.id())).isEqualTo(repeat);

        for (Runnable noOp : List.<Runnable>of(
                () -> h.report(running.id(), "a", RUNNING),
                () -> h.manager.reportProgress(running.id(), 50),
                () -> h.manager.transition(running.id(), SessionStatus.RUNNING, null))) {
            h.clock.advance(TIMEOUT.minusMinutes(1));
            noOp.run();
            assertThat(h.manager.figures(h.stored(running.id())).stale()).isFalse();
        }

        Session now = h.manager.get(running.id());
        assertThat(now.version()).as("activity, not a change").isEqualTo(progressed.version());
        assertThat(now.timeline().updatedAt()).isEqualTo(progressed.timeline().updatedAt());
        assertThat(now.timeline().expiresAt()).isEqualTo(now.timeline().lastActivityAt().plus(TIMEOUT));
    }

    @Test
    void aFinishedSessionIsKeptForTheRetentionAfterItFinished() {
        Session running = h.running(1);
        h.clock.advance(Duration.ofMinutes(3));
        Session finished = h.report(running.id(), "a", COMPLETED);

        assertThat(finished.status()).isEqualTo(SessionStatus.COMPLETED);
        assertThat(finished.timeline().expiresAt()).isEqualTo(finished.timeline().finishedAt().plus(RETENTION));
        h.clock.advance(RETENTION.minusMinutes(1));
        assertThat(h.manager.get(running.id())).isEqualTo(finished);
        h.report(running.id(), "a", COMPLETED);
        assertThat(h.stored(running.id()).timeline().expiresAt()).as("a repeat does not extend it")
                .isEqualTo(finished.timeline().expiresAt());

        h.clock.advance(Duration.ofMinutes(1));
        assertGone(running.id(), GoneReason.EXPIRED);
    }

    @Test
    void listingsLeaveOutWhatHasExpired() {
        Session old = h.create(1);
        h.clock.advance(Duration.ofMinutes(20));
        Session young = h.create(1);
        h.clock.advance(Duration.ofMinutes(10));

        assertThat(h.manager.list(SessionFilter.ALL, null, 10).items()).extracting(Session::id).containsExactly(young.id());
        assertThat(h.store.find(old.id())).isPresent();
    }

    // ---------------------------------------------------------------- removal and tombstones

    @Test
    void aDeletedSessionIsGoneAsDeleted() {
        Session running = h.running(2);

        h.manager.delete(running.id());

        assertGone(running.id(), GoneReason.DELETED);
        assertThat(h.store.find(running.id())).isEmpty();
        SessionGoneException again = catchThrowableOfType(() -> h.manager.delete(running.id()),
                SessionGoneException.class);
        assertThat(again.reason()).isEqualTo(GoneReason.DELETED);
        assertThat(h.counter("batch_sessions_cleaned", "reason", "deleted")).isEqualTo(1.0);
    }

    @Test
    void deletingAnUnknownSessionIsNotFound() {
        assertThat(catchThrowableOfType(() -> h.manager.delete(UUID.randomUUID()), SessionNotFoundException.class))
                .isNotNull();
    }

    @Test
    void expireRemovesOnlyWhatHasExpired() {
        Session created = h.create(1);
        assertThat(h.manager.expire(created.id())).isFalse();
        assertThat(h.store.find(created.id())).isPresent();

        h.clock.advance(TIMEOUT);

        assertThat(h.manager.expire(created.id())).isTrue();
        assertThat(h.manager.expire(created.id())).isFalse();
        assertThat(h.store.find(created.id())).isEmpty();
        assertGone(created.id(), GoneReason.EXPIRED);
        assertThat(h.counter("batch_sessions_cleaned", "reason", "expired")).isEqualTo(1.0);
    }

    @Test
    void aDeletedSessionAnswersGoneForTheTombstoneTtlThenNotFound() {
        Session created = h.create(1);
        h.manager.delete(created.id());

        h.clock.advance(TOMBSTONE_TTL.minusSeconds(1));
        assertGone(created.id(), GoneReason.DELETED);

        h.clock.advance(Duration.ofSeconds(1));
        assertThat(h.store.findTombstone(created.id())).as("no purge has run").isPresent();
        assertNotFound(created.id());
    }

    @Test
    void anExpiredSessionAnswersGoneForTheTombstoneTtlAfterItsRemovalThenNotFound() {
        Session created = h.create(1);
        h.clock.advance(TIMEOUT);
        assertThat(h.manager.expire(created.id())).isTrue();

        h.clock.advance(TOMBSTONE_TTL.minusSeconds(1));
        assertGone(created.id(), GoneReason.EXPIRED);

        h.clock.advance(Duration.ofSeconds(1));
        assertNotFound(created.id());
        assertThat(catchThrowableOfType(() -> h.manager.delete(created.id()), SessionNotFoundException.class))
                .isNotNull();
    }

    @Test
    void unknownIdsAreNotFound() {
        assertNotFound(UUID.randomUUID());
    }

    private void assertGone(UUID id, GoneReason reason) {
        SessionGoneException e = catchThrowableOfType(() -> h.manager.get(id), SessionGoneException.class);
        assertThat(e).as("gone").isNotNull();
        assertThat(e.reason()).isEqualTo(reason);
        assertThat(e.taskId()).isEqualTo(id);
    }

    private void assertNotFound(UUID id) {
        SessionNotFoundException e = catchThrowableOfType(() -> h.manager.get(id), SessionNotFoundException.class);
        assertThat(e).as("not found").isNotNull();
        assertThat(e.taskId()).isEqualTo(id);
        assertThat(catchThrowableOfType(() -> h.manager.nodes(id, null, null, 1), SessionNotFoundException.class))
                .isNotNull();
    }
}
