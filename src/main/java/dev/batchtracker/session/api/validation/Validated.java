package dev.batchtracker.session.api.validation;

/** A request body that knows its own field rules; {@link Violations#of(Validated)} runs them. */
public interface Validated {

    /** Adds every rule this body breaks to {@code violations}, naming fields relative to this body. */
    void validate(Violations violations);
}
