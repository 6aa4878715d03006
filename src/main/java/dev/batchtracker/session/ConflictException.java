package dev.batchtracker.session;

/**
 * A request that contradicts the session's state: a report to a session that is not running, a conflicting
 * terminal node report, a node beyond node_count, a progress that would go backwards.
 */
public final class ConflictException extends BatchException {
    private final String code;
    private final Integer item;

    public ConflictException(String code, String message) {
        this(code, message, null);
    }

    private ConflictException(String code, String message, Integer item) {
        super(message);
        this.code = code;
        this.item = item;
    }

    /** A stable, machine-readable kind, e.g. "session-not-running". */
    public String code() {
        return code;
    }

    /** The index of the refused item in a bulk request, or null. */
    public Integer item() {
        return item;
    }

    ConflictException atItem(int index) {
        return new ConflictException(code, NodeReportItem.label(index) + getMessage(), index);
    }
}
