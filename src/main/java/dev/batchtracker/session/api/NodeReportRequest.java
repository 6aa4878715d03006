package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.batchtracker.session.api.validation.RawJsonDeserializer;
import dev.batchtracker.session.api.validation.Validated;
import dev.batchtracker.session.api.validation.Violations;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/**
 * Body of PUT …/{task_id}/nodes/{node_id}.
 *
 * @param result any JSON value as compact text, or null
 * @param startedAt the executor's own clock, optional
 * @param finishedAt the executor's own clock, optional
 */
@RegisterForReflection
public record NodeReportRequest(
        String status,
        @JsonDeserialize(using = RawJsonDeserializer.class) String result,
        String error,
        Instant startedAt,
        Instant finishedAt) implements Validated {

    @Override
    public void validate(Violations violations) {
        validateReport(violations, status, result, error);
    }

    /** The field rules of one node report, wherever it comes (alone, or as an item of a bulk report). */
    static Violations validateReport(Violations violations, String status, String result, String error) {
        return violations.notNull("status", status)
                .maxUtf8Bytes("result", result, Limits.RESULT_BYTES)
                .maxUtf8Bytes("error", error, Limits.ERROR_BYTES);
    }
}
