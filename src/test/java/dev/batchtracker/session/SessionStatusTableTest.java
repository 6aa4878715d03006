package dev.batchtracker.session;

import dev.batchtracker.session.store.SessionFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.batchtracker.session.SessionStatus.CANCELLED;
import static dev.batchtracker.session.SessionStatus.COMPLETED;
import static dev.batchtracker.session.SessionStatus.FAILED;
import static dev.batchtracker.session.SessionStatus.PARTIAL_FAILURE;
import static dev.batchtracker.session.SessionStatus.PENDING;
import static dev.batchtracker.session.SessionStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every cell of the from × to grid of the session state machine, checked through the one guarded mutator
 * {@link Session#transitionTo}. The expected table is written out here from the issue, independently of
 * {@link SessionStatus}, so a change to the code's table cannot pass unnoticed.
 */
class SessionStatusTableTest {

    /** The table of issue 2, "The state machine". */
    private static final Map<SessionStatus, Set<SessionStatus>> ISSUE_TABLE = Map.of(
            PENDING, EnumSet.of(RUNNING, CANCELLED, FAILED),
            RUNNING, EnumSet.of(COMPLETED, PARTIAL_FAILURE, FAILED, CANCELLED),
            COMPLETED, EnumSet.noneOf(SessionStatus.class),
            PARTIAL_FAILURE, EnumSet.noneOf(SessionStatus.class),
            FAILED, EnumSet.noneOf(SessionStatus.class),
            CANCELLED, EnumSet.noneOf(SessionStatus.class));

    private static final Instant CREATED = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant EARLIER_START = CREATED.plusSeconds(5);
    private static final Instant MOVE_AT = CREATED.plusSeconds(60);

    static Stream<Arguments> everyPair() {
        return Stream.of(SessionStatus.values())
                .flatMap(from -> Stream.of(SessionStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @Test
    void theGridHasThirtySixCellsOfWhichSevenAreAllowed() {
        assertThat(everyPair()).hasSize(36);
        assertThat(ISSUE_TABLE.values().stream().mapToInt(Set::size).sum()).isEqualTo(7);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("everyPair")
    void canTransitionToIsExactlyTheIssueTable(SessionStatus from, SessionStatus to) {
        assertThat(from.canTransitionTo(to)).isEqualTo(ISSUE_TABLE.get(from).contains(to));
        assertThat(from.allowedTransitions().contains(to)).isEqualTo(ISSUE_TABLE.get(from).contains(to));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("everyPair")
    void transitionToAppliesAnAllowedMoveAndRejectsAnyOtherWhole(SessionStatus from, SessionStatus to) {
        Session before = sessionIn(from);
        Session snapshot = sessionIn(from);
        assertThat(before).isEqualTo(snapshot);

        if (ISSUE_TABLE.get(from).contains(to)) {
            Session after = before.transitionTo(to, "because", MOVE_AT);

            assertThat(after.status()).isEqualTo(to);
            assertThat(after.history()).hasSize(before.history().size() + 1);
            assertThat(after.history().get(after.history().size() - 1))
                    .isEqualTo(new Transition(from, to, MOVE_AT, "because"));
            assertThat(after.history().subList(0, before.history().size())).isEqualTo(before.history());
            assertThat(after.reason()).isEqualTo("because");
            assertThat(after.version()).as("the version is the write's to set").isEqualTo(before.version());
            assertThat(after.timeline().finishedAt()).isEqualTo(to.isTerminal() ? MOVE_AT : null);
            assertThat(after.timeline().startedAt())
                    .isEqualTo(from == RUNNING ? EARLIER_START : to == RUNNING ? MOVE_AT : null);
        } else {
            IllegalTransitionException e = catchThrowableOfType(() -> before.transitionTo(to, "because", MOVE_AT),
                    IllegalTransitionException.class);

            assertThat(e).as("%s → %s must be rejected", from, to).isNotNull();
            assertThat(e.from()).isEqualTo(from);
            assertThat(e.to()).isEqualTo(to);
            assertThat(e.taskId()).isEqualTo(before.id());
        }
        assertThat(before).as("the value it was called on never changes").isEqualTo(snapshot);
    }

    @ParameterizedTest
    @EnumSource(SessionStatus.class)
    void noStatusMayMoveToItself(SessionStatus status) {
        assertThat(status.canTransitionTo(status)).isFalse();
        assertThat(catchThrowableOfType(() -> sessionIn(status).transitionTo(status, null, MOVE_AT),
                IllegalTransitionException.class)).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(SessionStatus.class)
    void terminalIsExactlyHavingNoWayOut(SessionStatus status) {
        assertThat(status.isTerminal()).isEqualTo(ISSUE_TABLE.get(status).isEmpty());
        assertThat(status.isTerminal())
                .isEqualTo(EnumSet.of(COMPLETED, PARTIAL_FAILURE, FAILED, CANCELLED).contains(status));
    }

    @Test
    void aTransitionWithoutAReasonShowsNoReasonRatherThanTheLastOne() {
        Session running = sessionIn(PENDING).transitionTo(RUNNING, "executor started", EARLIER_START);

        Session failed = running.transitionTo(FAILED, null, MOVE_AT);

        assertThat(failed.reason()).as("the reason belongs to the current status").isNull();
        assertThat(failed.history()).extracting(Transition::reason).containsExactly("executor started", null);
    }

    @Test
    void theOutcomeOfAFinishedSessionFollowsItsFailures() {
        assertThat(SessionStatus.outcomeOf(new NodeCounts(3, 0, 0))).isEqualTo(COMPLETED);
        assertThat(SessionStatus.outcomeOf(new NodeCounts(0, 3, 0))).isEqualTo(FAILED);
        assertThat(SessionStatus.outcomeOf(new NodeCounts(2, 1, 0))).isEqualTo(PARTIAL_FAILURE);
        assertThat(SessionStatus.outcomeOf(new NodeCounts(1, 2, 0))).isEqualTo(PARTIAL_FAILURE);
    }

    /** A session that reached {@code status} the way the table allows, with the history to show for it. */
    private static Session sessionIn(SessionStatus status) {
        List<Transition> history = switch (status) {
            case PENDING -> List.of();
            case RUNNING -> List.of(new Transition(PENDING, RUNNING, EARLIER_START, "go"));
            case CANCELLED, FAILED -> List.of(new Transition(PENDING, status, EARLIER_START, "stop"));
            case COMPLETED, PARTIAL_FAILURE -> List.of(new Transition(PENDING, RUNNING, EARLIER_START, "go"),
                    new Transition(RUNNING, status, EARLIER_START.plusSeconds(1), "done"));
        };
        boolean started = status == RUNNING || status == COMPLETED || status == PARTIAL_FAILURE;
        return SessionFixture.at(CREATED)
                .id(java.util.UUID.nameUUIDFromBytes(status.name().getBytes()))
                .status(status)
                .history(history)
                .version(history.size() + 1L)
                .reason(history.isEmpty() ? null : history.get(history.size() - 1).reason())
                .startedAt(started ? EARLIER_START : null)
                .finishedAt(status.isTerminal() ? EARLIER_START.plusSeconds(1) : null)
                .build();
    }
}
