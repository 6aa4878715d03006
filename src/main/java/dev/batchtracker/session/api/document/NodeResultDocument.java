package dev.batchtracker.session.api.document;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;

/** One node's result on the wire. */
@RegisterForReflection
public record NodeResultDocument(
        String nodeId,
        String status,
        @JsonRawValue String result,
        String error,
        Instant startedAt,
        Instant finishedAt,
        Long executionTimeMs,
        Instant updatedAt) {
}
