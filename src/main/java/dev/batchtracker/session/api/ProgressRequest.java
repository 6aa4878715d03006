package dev.batchtracker.session.api;

import dev.batchtracker.session.api.validation.Validated;
import dev.batchtracker.session.api.validation.Violations;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of POST …/{task_id}/progress. */
@RegisterForReflection
public record ProgressRequest(Double progressPercent) implements Validated {

    @Override
    public void validate(Violations violations) {
        violations.notNull("progress_percent", progressPercent).between("progress_percent", progressPercent, 0, 100);
    }
}
