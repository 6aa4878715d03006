package dev.batchtracker.session;

/** A well-formed request that cannot apply to this session (a node outside its groups, a reused idempotency key). */
public final class UnprocessableException extends BatchException {
    private final String code;
    private final Integer item;

    public UnprocessableException(String code, String message) {
        this(code, message, null);
    }

    private UnprocessableException(String code, String message, Integer item) {
        super(message);
        this.code = code;
        this.item = item;
    }

    public String code() {
        return code;
    }

    /** The index of the refused item in a bulk request, or null. */
    public Integer item() {
        return item;
    }

    UnprocessableException atItem(int index) {
        return new UnprocessableException(code, NodeReportItem.label(index) + getMessage(), index);
    }
}
