package dev.batchtracker.session;

import dev.batchtracker.testing.ForwardingSessionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import static dev.batchtracker.session.SessionStatus.CANCELLED;
import static dev.batchtracker.session.SessionStatus.COMPLETED;
import static dev.batchtracker.session.SessionStatus.FAILED;
import static dev.batchtracker.session.SessionStatus.PARTIAL_FAILURE;
import static dev.batchtracker.session.SessionStatus.PENDING;
import static dev.batchtracker.session.SessionStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Explicit status moves through the manager: one versioned write each, illegal ones rejected whole. */
class SessionTransitionTest {

    private final ManagerHarness h = new ManagerHarness();

    @Test
    void anAllowedMoveIsOneVersionedWriteWithItsHistoryEntry() {
        Session created = h.create(3);
        h.clock.advance(Duration.ofMinutes(5));

        Session running = h.manager.transition(created.id(), RUNNING, "executor started");

        assertThat(running.status()).isEqualTo(RUNNING);
        assertThat(running.version()).isEqualTo(2L);
        assertThat(running.history()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(PENDING);
            assertThat(t.to()).isEqualTo(RUNNING);
            assertThat(t.reason()).isEqualTo("executor started");
            assertThat(t.at()).isEqualTo(running.timeline().updatedAt());
        });
        assertThat(running.timeline().startedAt()).isEqualTo(running.timeline().updatedAt());
        assertThat(running.timeline().updatedAt())
                .isAfterOrEqualTo(created.timeline().updatedAt().plus(Duration.ofMinutes(5)));
        assertThat(running.timeline().expiresAt())
                .isEqualTo(running.timeline().updatedAt().plus(h.config.sessionTimeout()));
        assertThat(h.stored(created.id())).isEqualTo(running);
        assertThat(h.counter("batch_session_transitions", "from", "pending", "to", "running")).isEqualTo(1.0);
    }

    @Test
    void anIllegalMoveChangesNothing() {
        Session running = h.running(3);

        IllegalTransitionException e = catchThrowableOfType(
                () -> h.manager.transition(running.id(), PENDING, "back"), IllegalTransitionException.class);

        assertThat(e).isNotNull();
        assertThat(e.from()).isEqualTo(RUNNING);
        assertThat(e.to()).isEqualTo(PENDING);
        assertThat(e.taskId()).isEqualTo(running.id());
        assertThat(h.stored(running.id())).isEqualTo(running);
    }

    @ParameterizedTest
    @EnumSource(value = SessionStatus.class, names = {"COMPLETED", "PARTIAL_FAILURE", "FAILED", "CANCELLED"})
    void aTerminalSessionNeverMovesAgain(SessionStatus terminal) {
        Session finished = h.manager.transition(h.running(2).id(), terminal, "done");

        for (SessionStatus other : SessionStatus.values()) {
            if (other == terminal) {
                continue;
            }
            IllegalTransitionException e = catchThrowableOfType(
                    () -> h.manager.transition(finished.id(), other, null), IllegalTransitionException.class);
            assertThat(e).as("%s → %s", terminal, other).isNotNull();
            assertThat(e.from()).isEqualTo(terminal);
            assertThat(e.to()).isEqualTo(other);
        }
        assertThat(h.stored(finished.id())).isEqualTo(finished);
    }

    @ParameterizedTest
    @EnumSource(SessionStatus.class)
    void aMoveToTheCurrentStatusIsAnIdempotentNoOp(SessionStatus status) {
        Session session = reach(status);
        assertThat(status.canTransitionTo(status)).as("the table itself does not allow it").isFalse();

        Session again = h.manager.transition(session.id(), status, "retried");

        assertThat(again.status()).isEqualTo(status);
        assertThat(again.version()).isEqualTo(session.version());
        assertThat(again.history()).isEqualTo(session.history());
        assertThat(h.stored(session.id()).version()).isEqualTo(session.version());
        assertThat(h.stored(session.id()).history()).isEqualTo(session.history());
    }

    @Test
    void aNoOpMoveIsNotCountedAsATransition() {
        Session running = h.running(1);

        h.manager.transition(running.id(), RUNNING, null);

        assertThat(h.counter("batch_session_transitions", "from", "pending", "to", "running")).isEqualTo(1.0);
    }

    @Test
    void aClientMayEndARunningSessionWhoseNodesAreNotDone() {
        Session running = h.running(3);
        h.report(running.id(), "a", NodeStatus.COMPLETED);

        Session failed = h.manager.transition(running.id(), FAILED, "executor aborted");

        assertThat(failed.status()).isEqualTo(FAILED);
        assertThat(failed.timeline().finishedAt()).isEqualTo(failed.timeline().updatedAt());
        assertThat(failed.reason()).isEqualTo("executor aborted");
        assertThat(failed.timeline().expiresAt()).isEqualTo(failed.timeline().finishedAt().plus(h.config.retention()));
    }

    @Test
    void aPendingSessionMayBeCancelledWithoutEverStarting() {
        Session cancelled = h.manager.transition(h.create(2).id(), CANCELLED, null);

        assertThat(cancelled.status()).isEqualTo(CANCELLED);
        assertThat(cancelled.timeline().startedAt()).isNull();
        assertThat(cancelled.timeline().finishedAt()).isNotNull();
        assertThat(cancelled.reason()).isNull();
    }

    @Test
    void unknownSessionsAreNotFound() {
        assertThat(catchThrowableOfType(() -> h.manager.transition(UUID.randomUUID(), RUNNING, null),
                SessionNotFoundException.class)).isNotNull();
    }

    @Test
    void aMoveThatLostARaceToTheSameMoveIsCountedOnceOverall() {
        // Two instances share one store and one registry: B applies pending → running while A is between its
        // read and its write, so A's write loses, A re-reads, finds running and has nothing left to do.
        boolean[] raced = {false};
        ManagerHarness a = h.sharing(new ForwardingSessionStore(h.store) {
            @Override
            public boolean updateAll(Session next, long expectedVersion, Collection<NodeResult> nodes) {
                if (!raced[0]) {
                    raced[0] = true;
                    h.manager.transition(next.id(), RUNNING, "instance b");
                }
                return super.updateAll(next, expectedVersion, nodes);
            }
        });
        UUID id = a.create(1).id();

        Session result = a.manager.transition(id, RUNNING, "instance a");

        assertThat(raced[0]).isTrue();
        assertThat(result.status()).isEqualTo(RUNNING);
        assertThat(result.history()).singleElement().extracting(Transition::reason).isEqualTo("instance b");
        assertThat(h.counter("batch_session_transitions", "from", "pending", "to", "running")).isEqualTo(1.0);
    }

    /** A session that reached {@code status} along the table. */
    private Session reach(SessionStatus status) {
        Session created = h.create(2);
        return switch (status) {
            case PENDING -> created;
            case RUNNING -> h.start(created);
            case CANCELLED, FAILED -> h.manager.transition(created.id(), status, null);
            case COMPLETED, PARTIAL_FAILURE -> h.manager.transition(h.start(created).id(), status, null);
        };
    }
}
