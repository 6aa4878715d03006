package dev.batchtracker.session;

import java.time.Duration;
import java.time.Instant;

/**
 * The latest known state of one node. {@code resultJson} is raw JSON text (or null), so the value is immutable
 * and every store can keep it as it came.
 */
public record NodeResult(
        String nodeId,
        NodeStatus status,
        String resultJson,
        String error,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt) {

    public static NodeResult pending(String nodeId, Instant at) {
        return new NodeResult(nodeId, NodeStatus.PENDING, null, null, null, null, at);
    }

    /** Derived: null unless both ends are known. */
    public Long executionTimeMs() {
        if (startedAt == null || finishedAt == null) {
            return null;
        }
        return Math.max(0L, Duration.between(startedAt, finishedAt).toMillis());
    }
}
