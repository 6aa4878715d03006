package dev.batchtracker.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.batchtracker.session.ManagerHarness.group;
import static dev.batchtracker.session.ManagerHarness.reportOf;
import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static dev.batchtracker.session.NodeStatus.FAILED;
import static dev.batchtracker.session.NodeStatus.PENDING;
import static dev.batchtracker.session.NodeStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Node reports: forward-only nodes, idempotent repeats, conflicts, limits, derived counters and the automatic finish. */
class NodeReportTest {

    private final ManagerHarness h = new ManagerHarness();

    // ---------------------------------------------------------------- automatic finish

    @Test
    void theLastSuccessfulNodeCompletesTheSessionInTheSameWrite() {
        Session running = h.running(3);
        h.report(running.id(), "a", COMPLETED);
        Session before = h.report(running.id(), "b", COMPLETED);

        Session finished = h.report(running.id(), "c", COMPLETED);

        assertFinishedBy(before, finished, SessionStatus.COMPLETED);
        assertThat(finished.counts()).isEqualTo(new NodeCounts(3, 0, 0));
        assertThat(SessionFigures.progressPercent(finished)).isEqualTo(100.0);
    }

    @Test
    void whenEveryNodeFailedTheSessionFails() {
        Session running = h.running(2);
        Session before = h.report(running.id(), "a", FAILED);

        Session finished = h.report(running.id(), "b", FAILED);

        assertFinishedBy(before, finished, SessionStatus.FAILED);
    }

    @Test
    void whenSomeNodesFailedTheSessionEndsInPartialFailure() {
        Session running = h.running(3);
        h.report(running.id(), "a", COMPLETED);
        h.report(running.id(), "b", FAILED);
        Session before = h.report(running.id(), "c", RUNNING);

        Session finished = h.report(running.id(), "c", COMPLETED);

        assertFinishedBy(before, finished, SessionStatus.PARTIAL_FAILURE);
        assertThat(finished.counts()).isEqualTo(new NodeCounts(2, 1, 0));
    }

    @Test
    void aGroupedSessionFinishesWhenEveryNodeOfEveryGroupHasFinished() {
        Session created = h.createGrouped(group("g1", "a", "b"), group("g2", "c"));
        h.start(created);
        h.report(created.id(), "a", COMPLETED);
        Session before = h.report(created.id(), "c", COMPLETED);
        assertThat(before.status()).isEqualTo(SessionStatus.RUNNING);

        Session finished = h.report(created.id(), "b", COMPLETED);

        assertFinishedBy(before, finished, SessionStatus.COMPLETED);
    }

    @Test
    void nothingFinishesBeforeTheLastNode() {
        Session running = h.running(3);

        Session afterTwo = h.report(running.id(), "b", COMPLETED);
        afterTwo = h.report(running.id(), "a", FAILED);

        assertThat(afterTwo.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(afterTwo.timeline().finishedAt()).isNull();
        assertThat(afterTwo.history()).hasSize(1);
    }

    private void assertFinishedBy(Session before, Session finished, SessionStatus outcome) {
        assertThat(finished.status()).isEqualTo(outcome);
        assertThat(finished.version()).as("one version for the report and the finish together")
                .isEqualTo(before.version() + 1);
        assertThat(finished.history()).hasSize(before.history().size() + 1);
        Transition last = finished.history().get(finished.history().size() - 1);
        assertThat(last.from()).isEqualTo(SessionStatus.RUNNING);
        assertThat(last.to()).isEqualTo(outcome);
        assertThat(last.reason()).isEqualTo(BatchSessionManager.ALL_NODES_FINISHED);
        assertThat(last.at()).isEqualTo(finished.timeline().updatedAt());
        assertThat(finished.timeline().finishedAt()).isEqualTo(finished.timeline().updatedAt());
        assertThat(finished.reason()).isEqualTo(BatchSessionManager.ALL_NODES_FINISHED);
        assertThat(finished.counts().finished()).isEqualTo(finished.plan().nodeCount());
        assertThat(finished.timeline().expiresAt())
                .isEqualTo(finished.timeline().finishedAt().plus(h.config.retention()));
        assertThat(h.stored(finished.id())).isEqualTo(finished);
        assertThat(h.counter("batch_session_transitions", "from", "running", "to",
                outcome.name().toLowerCase(java.util.Locale.ROOT))).isEqualTo(1.0);
    }

    // ---------------------------------------------------------------- idempotency and direction

    @ParameterizedTest
    @EnumSource(value = NodeStatus.class, names = {"COMPLETED", "FAILED"})
    void theSameTerminalReportAgainIsANoOp(NodeStatus terminal) {
        Session running = h.running(3);
        Session first = h.report(running.id(), "a", terminal);

        Session again = h.report(running.id(), "a", terminal);

        assertThat(again.version()).isEqualTo(first.version());
        assertThat(h.stored(running.id()).version()).isEqualTo(first.version());
        assertThat(h.stored(running.id()).counts()).isEqualTo(first.counts());
        assertThat(h.store.findNode(running.id(), "a").orElseThrow().status()).isEqualTo(terminal);
    }

    @Test
    void theSameTerminalReportAgainIsANoOpEvenAfterTheSessionFinished() {
        Session running = h.running(2);
        h.report(running.id(), "a", COMPLETED);
        Session finished = h.report(running.id(), "b", FAILED);
        assertThat(finished.status()).isEqualTo(SessionStatus.PARTIAL_FAILURE);

        assertThat(h.report(running.id(), "a", COMPLETED).version()).isEqualTo(finished.version());
        assertThat(h.report(running.id(), "b", FAILED).version()).isEqualTo(finished.version());
        assertThat(h.stored(running.id())).isEqualTo(finished);
    }

    @Test
    void theSameTerminalReportAgainIsANoOpAfterTheSessionWasCancelled() {
        Session running = h.running(3);
        h.report(running.id(), "a", COMPLETED);
        Session cancelled = h.manager.transition(running.id(), SessionStatus.CANCELLED, "operator");

        assertThat(h.report(running.id(), "a", COMPLETED).version()).isEqualTo(cancelled.version());
    }

    @Test
    void aReportThatWouldMoveANodeBackwardsIsANoOp() {
        Session running = h.running(3);
        h.report(running.id(), "a", RUNNING);
        Session completed = h.report(running.id(), "a", COMPLETED);

        Session afterRunning = h.report(running.id(), "a", RUNNING);

        assertThat(afterRunning.version()).isEqualTo(completed.version());
        assertThat(h.store.findNode(running.id(), "a").orElseThrow().status()).isEqualTo(COMPLETED);
        assertThat(h.stored(running.id()).counts()).isEqualTo(new NodeCounts(1, 0, 0));
    }

    @Test
    void runningAgainIsANoOp() {
        Session running = h.running(3);
        Session first = h.report(running.id(), "a", RUNNING);

        assertThat(h.report(running.id(), "a", RUNNING).version()).isEqualTo(first.version());
        assertThat(h.stored(running.id()).counts()).isEqualTo(new NodeCounts(0, 0, 1));
    }

    @Test
    void aConflictingTerminalReportIsAConflictAndChangesNothing() {
        Session running = h.running(3);
        Session completed = h.report(running.id(), "a", COMPLETED);
        NodeResult stored = h.store.findNode(running.id(), "a").orElseThrow();

        ConflictException e = catchThrowableOfType(() -> h.report(running.id(), "a", FAILED), ConflictException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("node-conflict");
        assertThat(h.stored(running.id())).isEqualTo(completed);
        assertThat(h.store.findNode(running.id(), "a")).contains(stored);

        h.report(running.id(), "b", FAILED);
        assertThat(catchThrowableOfType(() -> h.report(running.id(), "b", COMPLETED), ConflictException.class).code())
                .isEqualTo("node-conflict");
    }

    @Test
    void aPendingReportIsInvalid() {
        Session running = h.running(1);

        InvalidRequestException e = catchThrowableOfType(() -> h.report(running.id(), "a", PENDING),
                InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("status");
    }

    // ---------------------------------------------------------------- which nodes

    @Test
    void aNodeOutsideTheGroupsIsUnprocessable() {
        Session created = h.createGrouped(group("g1", "a", "b"));
        Session running = h.start(created);

        UnprocessableException e = catchThrowableOfType(() -> h.report(created.id(), "z", COMPLETED),
                UnprocessableException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("unknown-node");
        assertThat(h.stored(created.id())).isEqualTo(running);
        assertThat(h.store.findNode(created.id(), "z")).isEmpty();
    }

    @Test
    void aNewDistinctNodeBeyondNodeCountIsAConflict() {
        Session running = h.running(2);
        h.report(running.id(), "a", RUNNING);
        Session atLimit = h.report(running.id(), "b", RUNNING);

        ConflictException e = catchThrowableOfType(() -> h.report(running.id(), "c", COMPLETED), ConflictException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("node-limit");
        assertThat(h.stored(running.id())).isEqualTo(atLimit);
        assertThat(h.store.findNode(running.id(), "c")).isEmpty();
        assertThat(h.report(running.id(), "a", COMPLETED).counts()).as("known nodes still report")
                .isEqualTo(new NodeCounts(1, 0, 1));
    }

    @Test
    void aSessionWithoutNodesTakesNoNodeReports() {
        Session running = h.running(0);

        assertThat(catchThrowableOfType(() -> h.report(running.id(), "a", COMPLETED), ConflictException.class).code())
                .isEqualTo("node-limit");
        assertThat(h.stored(running.id()).status()).isEqualTo(SessionStatus.RUNNING);
    }

    // ---------------------------------------------------------------- only while running

    @Test
    void aPendingSessionTakesNoNodeReports() {
        Session pending = h.create(2);

        ConflictException e = catchThrowableOfType(() -> h.report(pending.id(), "a", RUNNING), ConflictException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("session-not-running");
        assertThat(h.stored(pending.id())).isEqualTo(pending);
    }

    @Test
    void aFinishedSessionTakesNoNewNodeReports() {
        Session running = h.running(3);
        h.report(running.id(), "a", RUNNING);
        h.report(running.id(), "b", COMPLETED);
        Session failed = h.manager.transition(running.id(), SessionStatus.FAILED, "aborted");

        for (String nodeId : List.of("a", "c")) {
            for (NodeStatus status : List.of(RUNNING, COMPLETED, FAILED)) {
                ConflictException e = catchThrowableOfType(() -> h.report(running.id(), nodeId, status),
                        ConflictException.class);
                assertThat(e).as("%s %s", nodeId, status).isNotNull();
                assertThat(e.code()).isEqualTo("session-not-running");
            }
        }
        assertThat(catchThrowableOfType(() -> h.report(running.id(), "b", FAILED), ConflictException.class).code())
                .as("a conflicting repeat after the finish").isEqualTo("session-not-running");
        assertThat(h.stored(running.id())).isEqualTo(failed);
    }

    // ---------------------------------------------------------------- counters, results and times

    @Test
    void countersFollowTheNodesExactly() {
        Session created = h.createGrouped(group("g1", "a", "b", "c"), group("g2", "d", "e"));
        h.start(created);
        h.report(created.id(), "a", RUNNING);
        h.report(created.id(), "b", RUNNING);
        h.report(created.id(), "b", FAILED);
        Session now = h.report(created.id(), "c", COMPLETED);

        assertThat(now.counts()).isEqualTo(new NodeCounts(1, 1, 1));
        assertThat(now.counts().pending(now.plan().nodeCount())).isEqualTo(2);
        assertThat(NodeCounts.of(h.nodes(created.id()).stream().map(NodeResult::status).toList()))
                .isEqualTo(now.counts());
    }

    @Test
    void theNodeResultKeepsWhatTheReportCarried() {
        Session running = h.running(2);

        h.manager.reportNode(running.id(), "a", new NodeReport(COMPLETED, "{\"rows\":[1,2]}", null, null, null));
        h.manager.reportNode(running.id(), "b", new NodeReport(FAILED, null, "disk full", null, null));

        NodeResult a = h.store.findNode(running.id(), "a").orElseThrow();
        NodeResult b = h.store.findNode(running.id(), "b").orElseThrow();
        assertThat(a.resultJson()).isEqualTo("{\"rows\":[1,2]}");
        assertThat(a.error()).isNull();
        assertThat(b.error()).isEqualTo("disk full");
        assertThat(b.resultJson()).isNull();
    }

    @Test
    void executionTimeIsDerivedFromTheReportedTimes() {
        Session running = h.running(1);
        Instant started = Instant.parse("2025-03-01T10:00:00Z");

        h.manager.reportNode(running.id(), "a",
                new NodeReport(COMPLETED, null, null, started, started.plusMillis(1_500)));

        NodeResult a = h.store.findNode(running.id(), "a").orElseThrow();
        assertThat(a.startedAt()).isEqualTo(started);
        assertThat(a.finishedAt()).isEqualTo(started.plusMillis(1_500));
        assertThat(a.executionTimeMs()).isEqualTo(1_500L);
    }

    @Test
    void withoutReportedTimesTheServiceStampsItsOwn() {
        Session running = h.running(2);
        h.report(running.id(), "a", RUNNING);
        NodeResult started = h.store.findNode(running.id(), "a").orElseThrow();
        h.clock.advance(Duration.ofSeconds(2));

        h.report(running.id(), "a", COMPLETED);

        NodeResult finished = h.store.findNode(running.id(), "a").orElseThrow();
        assertThat(finished.startedAt()).as("kept from the running report").isEqualTo(started.startedAt());
        assertThat(finished.finishedAt()).isEqualTo(finished.updatedAt());
        assertThat(finished.executionTimeMs())
                .isEqualTo(Duration.between(finished.startedAt(), finished.finishedAt()).toMillis())
                .isGreaterThanOrEqualTo(2_000L);
    }

    @Test
    void aNodeThatSkippedRunningHasNoExecutionTime() {
        Session running = h.running(2);

        h.report(running.id(), "a", COMPLETED);

        NodeResult a = h.store.findNode(running.id(), "a").orElseThrow();
        assertThat(a.startedAt()).isNull();
        assertThat(a.finishedAt()).isNotNull();
        assertThat(a.executionTimeMs()).isNull();
    }

    @Test
    void finishedBeforeStartedIsInvalid() {
        Session running = h.running(1);
        Instant started = Instant.parse("2025-03-01T10:00:00Z");

        InvalidRequestException e = catchThrowableOfType(() -> h.manager.reportNode(running.id(), "a",
                new NodeReport(COMPLETED, null, null, started, started.minusMillis(1))), InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("finished_at");
        assertThat(h.stored(running.id())).isEqualTo(running);
    }

    @Test
    void finishedBeforeTheStoredStartIsInvalid() {
        Session running = h.running(1);
        Instant started = Instant.parse("2025-03-01T10:00:00Z");
        Session afterStart = h.manager.reportNode(running.id(), "a", new NodeReport(RUNNING, null, null, started, null));

        InvalidRequestException e = catchThrowableOfType(() -> h.manager.reportNode(running.id(), "a",
                new NodeReport(COMPLETED, null, null, null, started.minusSeconds(1))), InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("finished_at");
        assertThat(h.stored(running.id())).isEqualTo(afterStart);
        assertThat(h.store.findNode(running.id(), "a").orElseThrow().status()).isEqualTo(RUNNING);
    }

    @Test
    void everyEffectiveReportIsCountedByItsStatus() {
        Session running = h.running(2);
        h.report(running.id(), "a", RUNNING);
        h.report(running.id(), "a", COMPLETED);
        h.report(running.id(), "a", COMPLETED);
        h.report(running.id(), "b", FAILED);

        assertThat(h.counter("batch_node_results", "status", "running")).isEqualTo(1.0);
        assertThat(h.counter("batch_node_results", "status", "completed")).isEqualTo(1.0);
        assertThat(h.counter("batch_node_results", "status", "failed")).isEqualTo(1.0);
    }

    @Test
    void reportsToAnUnknownSessionAreNotFound() {
        assertThat(catchThrowableOfType(() -> h.manager.reportNode(UUID.randomUUID(), "a", reportOf(COMPLETED)),
                SessionNotFoundException.class)).isNotNull();
    }
}
