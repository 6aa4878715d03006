package dev.batchtracker.session;

import java.util.UUID;

/** The session existed but expired or was deleted. */
public final class SessionGoneException extends BatchException {
    private final UUID taskId;
    private final GoneReason reason;

    public SessionGoneException(UUID taskId, GoneReason reason) {
        super("Session " + taskId + " is gone (" + Wire.name(reason) + ")");
        this.taskId = taskId;
        this.reason = reason;
    }

    public UUID taskId() {
        return taskId;
    }

    public GoneReason reason() {
        return reason;
    }
}
