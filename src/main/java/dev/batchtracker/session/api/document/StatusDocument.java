package dev.batchtracker.session.api.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The status document of one session, as {@code specs/data/parallel-task.schema.json} describes it.
 * {@code history} is left out (null) in lists and SSE events.
 */
@RegisterForReflection
public record StatusDocument(
        String taskId,
        String canvasPath,
        String status,
        double progressPercent,
        int nodeCount,
        int completedNodes,
        int failedNodes,
        int runningNodes,
        int pendingNodes,
        List<GroupDocument> groups,
        @JsonRawValue String metadata,
        Map<String, String> labels,
        Instant createdAt,
        Instant updatedAt,
        Instant lastActivityAt,
        Instant startedAt,
        Instant finishedAt,
        Instant expiresAt,
        long version,
        boolean compacted,
        boolean stale,
        String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<HistoryEntry> history,
        Long etaSeconds,
        Double throughputNodesPerSecond) {

    @RegisterForReflection
    public record GroupDocument(String groupId, List<String> nodeIds) {
    }

    @RegisterForReflection
    public record HistoryEntry(String from, String to, Instant at, String reason) {
    }
}
