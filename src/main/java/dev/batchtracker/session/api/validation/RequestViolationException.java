package dev.batchtracker.session.api.validation;

import java.util.List;

/** A request body or parameter breaks field rules; answered as one 400 that lists them all. */
public final class RequestViolationException extends RuntimeException {

    private final transient List<Violation> violations;

    RequestViolationException(List<Violation> violations) {
        super(violations.size() + " invalid field(s)", null, false, false);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
