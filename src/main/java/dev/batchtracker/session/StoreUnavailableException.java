package dev.batchtracker.session;

/** The store could not be reached or did not answer in time. */
public final class StoreUnavailableException extends BatchException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
