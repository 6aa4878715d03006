package dev.batchtracker.session.api;

import dev.batchtracker.session.api.validation.MaxUtf8Bytes;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;

/** Body of POST …/{task_id}/transitions. {@code to} is a lowercase status name, parsed at the edge. */
@RegisterForReflection
public record TransitionRequest(
        @NotNull String to,
        @MaxUtf8Bytes(Limits.REASON_BYTES) String reason) {
}
