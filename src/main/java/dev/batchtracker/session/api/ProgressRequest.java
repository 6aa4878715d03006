package dev.batchtracker.session.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

/** Body of POST …/{task_id}/progress. */
@RegisterForReflection
public record ProgressRequest(
        @NotNull @DecimalMin("0") @DecimalMax("100") Double progressPercent) {
}
