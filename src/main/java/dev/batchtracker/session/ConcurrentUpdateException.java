package dev.batchtracker.session;

/** A write kept losing its version check to concurrent writers past the retry bound. Safe to retry. */
public final class ConcurrentUpdateException extends BatchException {
    public ConcurrentUpdateException(String message) {
        super(message);
    }
}
