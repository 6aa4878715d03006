package dev.batchtracker.session;

/** The service holds as many sessions (or subscribers) as it is configured to; the client should retry later. */
public final class CapacityExceededException extends BatchException {
    public CapacityExceededException(String message) {
        super(message);
    }
}
