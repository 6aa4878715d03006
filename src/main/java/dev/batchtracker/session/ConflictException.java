package dev.batchtracker.session;

/**
 * A request that contradicts the session's state: a report to a session that is not running, a conflicting
 * terminal node report, a node beyond node_count, a progress that would go backwards.
 */
public final class ConflictException extends BatchException {
    private final String code;

    public ConflictException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** A stable, machine-readable kind, e.g. "session-not-running". */
    public String code() {
        return code;
    }
}
