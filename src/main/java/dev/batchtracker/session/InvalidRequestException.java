package dev.batchtracker.session;

/** Input that breaks a rule the domain checks (the API validates shape; this covers the rest). */
public final class InvalidRequestException extends BatchException {
    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
