package dev.batchtracker.session;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a batch session stands. The transition table lives in {@link #allowedTransitions()} and nowhere else.
 */
public enum SessionStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    PARTIAL_FAILURE,
    FAILED,
    CANCELLED;

    /** The one transition table. Exhaustive switch: a new status does not compile without its row. */
    public Set<SessionStatus> allowedTransitions() {
        return switch (this) {
            case PENDING -> EnumSet.of(RUNNING, CANCELLED, FAILED);
            case RUNNING -> EnumSet.of(COMPLETED, PARTIAL_FAILURE, FAILED, CANCELLED);
            case COMPLETED, PARTIAL_FAILURE, FAILED, CANCELLED -> EnumSet.noneOf(SessionStatus.class);
        };
    }

    public boolean canTransitionTo(SessionStatus next) {
        return allowedTransitions().contains(next);
    }

    public boolean isTerminal() {
        return allowedTransitions().isEmpty();
    }

    /** The outcome of a running session whose every node has a terminal result. */
    public static SessionStatus outcomeOf(NodeCounts counts) {
        if (counts.failed() == 0) {
            return COMPLETED;
        }
        return counts.completed() == 0 ? FAILED : PARTIAL_FAILURE;
    }
}
