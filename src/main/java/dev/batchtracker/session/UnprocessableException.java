package dev.batchtracker.session;

/** A well-formed request that cannot apply to this session (a node outside its groups, a reused idempotency key). */
public final class UnprocessableException extends BatchException {
    private final String code;

    public UnprocessableException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
