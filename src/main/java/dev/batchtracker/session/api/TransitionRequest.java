package dev.batchtracker.session.api;

import dev.batchtracker.session.api.validation.Validated;
import dev.batchtracker.session.api.validation.Violations;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of POST …/{task_id}/transitions. {@code to} is a lowercase status name, parsed at the edge. */
@RegisterForReflection
public record TransitionRequest(String to, String reason) implements Validated {

    @Override
    public void validate(Violations violations) {
        violations.notNull("to", to).maxUtf8Bytes("reason", reason, Limits.REASON_BYTES);
    }
}
