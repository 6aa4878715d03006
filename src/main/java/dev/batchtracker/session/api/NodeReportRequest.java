package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.batchtracker.session.api.validation.MaxUtf8Bytes;
import dev.batchtracker.session.api.validation.RawJsonDeserializer;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.validation.constraints.NotNull;

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
        @NotNull String status,
        @JsonDeserialize(using = RawJsonDeserializer.class) @MaxUtf8Bytes(Limits.RESULT_BYTES) String result,
        @MaxUtf8Bytes(Limits.ERROR_BYTES) String error,
        Instant startedAt,
        Instant finishedAt) {
}
