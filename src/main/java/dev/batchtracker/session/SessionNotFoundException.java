package dev.batchtracker.session;

import java.util.UUID;

/** No such session, and no memory of one. */
public final class SessionNotFoundException extends BatchException {
    private final UUID taskId;

    public SessionNotFoundException(UUID taskId) {
        super("No session " + taskId);
        this.taskId = taskId;
    }

    public UUID taskId() {
        return taskId;
    }
}
