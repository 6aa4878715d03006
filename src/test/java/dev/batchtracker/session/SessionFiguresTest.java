package dev.batchtracker.session;

import dev.batchtracker.session.store.SessionFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What the status document derives: progress, staleness, throughput and ETA, as pure functions of session and time. */
class SessionFiguresTest {

    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration STALE_AFTER = Duration.ofMinutes(2);

    // ---------------------------------------------------------------- progress

    @Test
    void progressIsDerivedFromFinishedNodes() {
        Session session = running(4).counts(new NodeCounts(1, 1, 1)).build();

        assertThat(SessionFigures.progressPercent(session)).isEqualTo(50.0);
    }

    @Test
    void progressIsTheMaximumOfReportedAndDerived() {
        assertThat(SessionFigures.progressPercent(running(4).counts(new NodeCounts(2, 0, 0)).reportedProgress(30).build()))
                .isEqualTo(50.0);
        assertThat(SessionFigures.progressPercent(running(4).counts(new NodeCounts(2, 0, 0)).reportedProgress(70).build()))
                .isEqualTo(70.0);
        assertThat(SessionFigures.progressPercent(running(0).reportedProgress(42.5).build())).isEqualTo(42.5);
        assertThat(SessionFigures.progressPercent(running(0).build())).isZero();
    }

    @Test
    void progressIsNeverAboveOneHundred() {
        // Counters beyond node_count cannot come from the manager; the figure still must not exceed 100.
        assertThat(SessionFigures.progressPercent(running(4).counts(new NodeCounts(5, 1, 0)).build())).isEqualTo(100.0);
        assertThat(SessionFigures.progressPercent(running(4).counts(new NodeCounts(4, 0, 0)).reportedProgress(100).build()))
                .isEqualTo(100.0);
    }

    @Test
    void aCompletedSessionShowsOneHundredWhateverItsNodesSay() {
        Session completed = running(4).status(SessionStatus.COMPLETED).finishedAt(T0.plusSeconds(60))
                .counts(new NodeCounts(1, 0, 0)).build();

        assertThat(SessionFigures.progressPercent(completed)).isEqualTo(100.0);
        assertThat(SessionFigures.of(completed, T0.plusSeconds(90), STALE_AFTER).progressPercent()).isEqualTo(100.0);
    }

    @Test
    void otherTerminalSessionsShowWhatTheirNodesReached() {
        Session failed = running(4).status(SessionStatus.FAILED).finishedAt(T0.plusSeconds(60))
                .counts(new NodeCounts(0, 1, 0)).build();
        Session partial = running(4).status(SessionStatus.PARTIAL_FAILURE).finishedAt(T0.plusSeconds(60))
                .counts(new NodeCounts(3, 1, 0)).build();

        assertThat(SessionFigures.progressPercent(failed)).isEqualTo(25.0);
        assertThat(SessionFigures.progressPercent(partial)).isEqualTo(100.0);
    }

    // ---------------------------------------------------------------- staleness

    @Test
    void aRunningSessionIsStaleOnceStaleAfterHasFullyPassedSinceItsLastActivity() {
        Session session = running(2).lastActivityAt(T0).build();

        assertThat(SessionFigures.of(session, T0.plus(STALE_AFTER).minusMillis(1), STALE_AFTER).stale()).isFalse();
        assertThat(SessionFigures.of(session, T0.plus(STALE_AFTER), STALE_AFTER).stale()).isTrue();
        assertThat(SessionFigures.of(session, T0.plus(STALE_AFTER).plusSeconds(30), STALE_AFTER).stale()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = SessionStatus.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void onlyRunningSessionsAreEverStale(SessionStatus status) {
        Session session = running(2).status(status).lastActivityAt(T0)
                .finishedAt(status.isTerminal() ? T0 : null).build();

        assertThat(SessionFigures.of(session, T0.plus(Duration.ofHours(5)), STALE_AFTER).stale()).isFalse();
    }

    // ---------------------------------------------------------------- throughput and ETA

    @Test
    void nothingFinishedYetMeansUnknownThroughputAndEta() {
        SessionFigures figures = SessionFigures.of(running(10).counts(new NodeCounts(0, 0, 3)).build(),
                T0.plusSeconds(30), STALE_AFTER);

        assertThat(figures.throughputNodesPerSecond()).isNull();
        assertThat(figures.etaSeconds()).isNull();
    }

    @Test
    void throughputCountsFinishedNodesFromTheStartToTheLatestFinishAndEtaExtrapolatesIt() {
        Session session = running(20).counts(new NodeCounts(4, 1, 2)).lastNodeFinishedAt(T0.plusSeconds(10)).build();

        SessionFigures figures = SessionFigures.of(session, T0.plusSeconds(12), STALE_AFTER);

        assertThat(figures.throughputNodesPerSecond()).isCloseTo(0.5, within(1e-9));
        assertThat(figures.etaSeconds()).isEqualTo(30L); // 15 nodes left at 0.5 per second
    }

    @Test
    void throughputIsUnknownWhenNoTimeHasPassed() {
        Session session = running(20).counts(new NodeCounts(1, 0, 0)).lastNodeFinishedAt(T0).build();

        SessionFigures figures = SessionFigures.of(session, T0, STALE_AFTER);

        assertThat(figures.throughputNodesPerSecond()).isNull();
        assertThat(figures.etaSeconds()).isNull();
    }

    @Test
    void aNodeLessSessionExtrapolatesItsReportedProgress() {
        Session session = running(0).reportedProgress(25).build();

        SessionFigures figures = SessionFigures.of(session, T0.plusSeconds(60), STALE_AFTER);

        assertThat(figures.progressPercent()).isEqualTo(25.0);
        assertThat(figures.etaSeconds()).isEqualTo(180L); // a quarter took a minute: three more minutes
        assertThat(figures.throughputNodesPerSecond()).isNull();
    }

    @Test
    void aNodeLessSessionWithoutReportedProgressHasNoEta() {
        assertThat(SessionFigures.of(running(0).build(), T0.plusSeconds(60), STALE_AFTER).etaSeconds()).isNull();
    }

    @Test
    void aPendingSessionHasNoEta() {
        Session pending = SessionFixture.at(T0).nodeCount(0).reportedProgress(0).build();

        assertThat(SessionFigures.of(pending, T0.plusSeconds(60), STALE_AFTER).etaSeconds()).isNull();
    }

    @ParameterizedTest
    @EnumSource(value = SessionStatus.class, names = {"COMPLETED", "PARTIAL_FAILURE", "FAILED", "CANCELLED"})
    void aTerminalSessionHasZeroEta(SessionStatus status) {
        Session session = running(20).status(status).counts(new NodeCounts(2, 1, 0))
                .lastNodeFinishedAt(T0.plusSeconds(10)).finishedAt(T0.plusSeconds(11)).build();

        SessionFigures figures = SessionFigures.of(session, T0.plusSeconds(12), STALE_AFTER);

        assertThat(figures.etaSeconds()).isZero();
        assertThat(figures.throughputNodesPerSecond()).isCloseTo(0.3, within(1e-9));
    }

    /** A session of {@code nodeCount} nodes that started running at {@link #T0}. */
    private static SessionFixture running(int nodeCount) {
        return SessionFixture.at(T0.minusSeconds(5)).status(SessionStatus.RUNNING).nodeCount(nodeCount).startedAt(T0)
                .lastActivityAt(T0);
    }
}
