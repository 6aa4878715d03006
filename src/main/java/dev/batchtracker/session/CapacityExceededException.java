package dev.batchtracker.session;

/**
 * The service holds as many sessions (or subscribers, or on the memory store as much memory) as it is configured to;
 * the client should retry later.
 */
public final class CapacityExceededException extends BatchException {
    public CapacityExceededException(String message) {
        super(message);
    }
}
