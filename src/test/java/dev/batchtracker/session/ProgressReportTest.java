package dev.batchtracker.session;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static dev.batchtracker.session.NodeStatus.FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Explicit progress: a number in [0, 100], shown as the maximum of reported and derived, never decreasing. */
class ProgressReportTest {

    private final ManagerHarness h = new ManagerHarness();

    @Test
    void aHigherReportIsOneVersionedWrite() {
        Session running = h.running(0);

        Session after = h.manager.reportProgress(running.id(), 42.5);

        assertThat(after.version()).isEqualTo(running.version() + 1);
        assertThat(after.reportedProgress()).isEqualTo(42.5);
        assertThat(SessionFigures.progressPercent(after)).isEqualTo(42.5);
        assertThat(after.timeline().expiresAt())
                .isEqualTo(after.timeline().updatedAt().plus(h.config.sessionTimeout()));
        assertThat(h.stored(running.id())).isEqualTo(after);
    }

    @Test
    void theSameValueAgainIsANoOp() {
        Session running = h.running(0);
        Session first = h.manager.reportProgress(running.id(), 40);

        Session again = h.manager.reportProgress(running.id(), 40);

        assertThat(again.version()).isEqualTo(first.version());
        assertThat(h.stored(running.id()).version()).isEqualTo(first.version());
    }

    @Test
    void aLowerValueIsAConflictAndChangesNothing() {
        Session running = h.running(0);
        Session at40 = h.manager.reportProgress(running.id(), 40);

        ConflictException e = catchThrowableOfType(() -> h.manager.reportProgress(running.id(), 39.9),
                ConflictException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("progress-decrease");
        assertThat(h.stored(running.id())).isEqualTo(at40);
    }

    @Test
    void withNodesTheShownValueIsTheMaximumOfReportedAndDerived() {
        Session running = h.running(4);
        h.report(running.id(), "a", COMPLETED);
        Session half = h.report(running.id(), "b", FAILED);
        assertThat(SessionFigures.progressPercent(half)).isEqualTo(50.0);

        ConflictException below = catchThrowableOfType(() -> h.manager.reportProgress(running.id(), 30),
                ConflictException.class);
        assertThat(below.code()).as("lower than the derived 50 that is shown").isEqualTo("progress-decrease");
        assertThat(h.manager.reportProgress(running.id(), 50).version()).as("equal to what is shown")
                .isEqualTo(half.version());

        Session reported = h.manager.reportProgress(running.id(), 60);
        assertThat(SessionFigures.progressPercent(reported)).isEqualTo(60.0);

        Session derivedAhead = h.report(running.id(), "c", COMPLETED);
        assertThat(SessionFigures.progressPercent(derivedAhead)).isEqualTo(75.0);
        assertThat(catchThrowableOfType(() -> h.manager.reportProgress(running.id(), 70), ConflictException.class)
                .code()).isEqualTo("progress-decrease");
    }

    @Test
    void aCompletedSessionShowsOneHundredWhateverWasReported() {
        Session running = h.running(2);
        h.manager.reportProgress(running.id(), 10);
        h.report(running.id(), "a", COMPLETED);

        Session completed = h.report(running.id(), "b", COMPLETED);

        assertThat(SessionFigures.progressPercent(completed)).isEqualTo(100.0);
    }

    @Test
    void aNodeLessSessionCompletedByTheClientShowsOneHundred() {
        Session running = h.running(0);
        h.manager.reportProgress(running.id(), 80);

        Session completed = h.manager.transition(running.id(), SessionStatus.COMPLETED, null);

        assertThat(SessionFigures.progressPercent(completed)).isEqualTo(100.0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.001, -1, 100.001, 101})
    void valuesOutsideZeroToOneHundredAreInvalid(double percent) {
        Session running = h.running(0);

        InvalidRequestException e = catchThrowableOfType(() -> h.manager.reportProgress(running.id(), percent),
                InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.field()).isEqualTo("progress_percent");
        assertThat(h.stored(running.id())).isEqualTo(running);
    }

    @Test
    void theBoundsThemselvesAreValid() {
        Session running = h.running(0);

        assertThat(h.manager.reportProgress(running.id(), 0).version()).isEqualTo(running.version());
        assertThat(SessionFigures.progressPercent(h.manager.reportProgress(running.id(), 100))).isEqualTo(100.0);
    }

    @Test
    void aPendingSessionTakesNoProgress() {
        Session pending = h.create(0);

        ConflictException e = catchThrowableOfType(() -> h.manager.reportProgress(pending.id(), 10),
                ConflictException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("session-not-running");
        assertThat(h.stored(pending.id())).isEqualTo(pending);
    }

    @Test
    void aFinishedSessionTakesNoNewProgressButAnIdenticalRepeatIsANoOp() {
        Session running = h.running(0);
        h.manager.reportProgress(running.id(), 30);
        Session failed = h.manager.transition(running.id(), SessionStatus.FAILED, "aborted");

        ConflictException e = catchThrowableOfType(() -> h.manager.reportProgress(running.id(), 40),
                ConflictException.class);

        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo("session-not-running");
        assertThat(h.manager.reportProgress(running.id(), 30).version()).isEqualTo(failed.version());
        assertThat(h.stored(running.id())).isEqualTo(failed);
    }

    @Test
    void progressOfAnUnknownSessionIsNotFound() {
        assertThat(catchThrowableOfType(() -> h.manager.reportProgress(UUID.randomUUID(), 10),
                SessionNotFoundException.class)).isNotNull();
    }
}
