package dev.batchtracker.session;

/** Base of the domain's typed failures; the API layer maps each kind to one problem+json answer. */
public abstract class BatchException extends RuntimeException {
    protected BatchException(String message) {
        super(message, null, false, false);
    }

    /** With the underlying failure kept for logs (a cause cannot be added later: the one above fixes it to none). */
    protected BatchException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
