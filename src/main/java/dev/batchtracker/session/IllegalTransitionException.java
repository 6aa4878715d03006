package dev.batchtracker.session;

import java.util.UUID;

/** A status move the transition table does not allow. Nothing was changed. */
public final class IllegalTransitionException extends BatchException {
    private final UUID taskId;
    private final SessionStatus from;
    private final SessionStatus to;

    public IllegalTransitionException(UUID taskId, SessionStatus from, SessionStatus to) {
        super("Session cannot move from " + from + " to " + to);
        this.taskId = taskId;
        this.from = from;
        this.to = to;
    }

    public UUID taskId() {
        return taskId;
    }

    public SessionStatus from() {
        return from;
    }

    public SessionStatus to() {
        return to;
    }
}
