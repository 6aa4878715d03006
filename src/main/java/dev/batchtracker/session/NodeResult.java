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

    /** How much of an error a compacted node keeps, in code points (as SQL's substr counts). */
    public static final int COMPACTED_ERROR_LENGTH = 256;

    public static NodeResult pending(String nodeId, Instant at) {
        return new NodeResult(nodeId, NodeStatus.PENDING, null, null, null, null, at);
    }

    /**
     * What compaction keeps of the node: status and times, the error cut to {@link #COMPACTED_ERROR_LENGTH} code
     * points, no result.
     */
    public NodeResult compacted() {
        return new NodeResult(nodeId, status, null, cut(error), startedAt, finishedAt, updatedAt);
    }

    private static String cut(String error) {
        if (error == null || error.codePointCount(0, error.length()) <= COMPACTED_ERROR_LENGTH) {
            return error;
        }
        return error.substring(0, error.offsetByCodePoints(0, COMPACTED_ERROR_LENGTH));
    }

    /** Derived: null unless both ends are known. */
    public Long executionTimeMs() {
        if (startedAt == null || finishedAt == null) {
            return null;
        }
        return Math.max(0L, Duration.between(startedAt, finishedAt).toMillis());
    }
}
