package dev.batchtracker.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The header of one batch session: everything but the per-node results, which stores keep beside it.
 * Immutable; every change makes a new value, and only {@link #transitionTo} changes the status.
 *
 * @param metadataJson raw JSON object text supplied at creation ("{}" when none)
 * @param reportedProgress the highest progress a client posted explicitly (0 when none)
 * @param reason the reason given for the transition into the current status (null when none was given)
 * @param updatedAt the last versioned change
 * @param lastActivityAt the last write of any kind, heartbeats included; drives staleness and expiry
 * @param lastNodeFinishedAt when the latest terminal node report arrived; drives throughput
 * @param idempotencyKey the create request's Idempotency-Key, or null
 * @param requestFingerprint a digest of the create request, so a key reused for another request is caught
 */
public record Session(
        UUID id,
        String canvasPath,
        SessionStatus status,
        int nodeCount,
        List<NodeGroup> groups,
        String metadataJson,
        NodeCounts counts,
        double reportedProgress,
        Instant createdAt,
        Instant updatedAt,
        Instant lastActivityAt,
        Instant startedAt,
        Instant finishedAt,
        Instant lastNodeFinishedAt,
        Instant expiresAt,
        long version,
        String reason,
        List<Transition> history,
        String idempotencyKey,
        String requestFingerprint) {

    public Session {
        groups = List.copyOf(groups);
        history = List.copyOf(history);
    }

    public boolean hasGroups() {
        return !groups.isEmpty();
    }

    public boolean isExpiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }

    /**
     * The one guarded mutator of the status: checks the move against the transition table, records it in the
     * history and stamps started/finished times. Version and expiry are the caller's to set.
     */
    public Session transitionTo(SessionStatus next, String why, Instant at) {
        if (!status.canTransitionTo(next)) {
            throw new IllegalTransitionException(id, status, next);
        }
        List<Transition> nextHistory = new ArrayList<>(history.size() + 1);
        nextHistory.addAll(history);
        nextHistory.add(new Transition(status, next, at, why));
        Instant started = startedAt == null && next == SessionStatus.RUNNING ? at : startedAt;
        Instant finished = next.isTerminal() ? at : finishedAt;
        return new Session(id, canvasPath, next, nodeCount, groups, metadataJson, counts, reportedProgress,
                createdAt, updatedAt, lastActivityAt, started, finished, lastNodeFinishedAt, expiresAt, version,
                why, nextHistory, idempotencyKey, requestFingerprint);
    }

    public Session withCounts(NodeCounts nextCounts, Instant nodeFinishedAt) {
        return new Session(id, canvasPath, status, nodeCount, groups, metadataJson, nextCounts, reportedProgress,
                createdAt, updatedAt, lastActivityAt, startedAt, finishedAt,
                nodeFinishedAt != null ? nodeFinishedAt : lastNodeFinishedAt, expiresAt, version, reason, history,
                idempotencyKey, requestFingerprint);
    }

    public Session withReportedProgress(double progress) {
        return new Session(id, canvasPath, status, nodeCount, groups, metadataJson, counts, progress,
                createdAt, updatedAt, lastActivityAt, startedAt, finishedAt, lastNodeFinishedAt, expiresAt, version,
                reason, history, idempotencyKey, requestFingerprint);
    }

    /** Stamps a versioned write: next version, updated and activity times, new expiry. */
    public Session written(Instant at, Instant nextExpiresAt) {
        return new Session(id, canvasPath, status, nodeCount, groups, metadataJson, counts, reportedProgress,
                createdAt, at, at, startedAt, finishedAt, lastNodeFinishedAt, nextExpiresAt, version + 1,
                reason, history, idempotencyKey, requestFingerprint);
    }

    /** Activity without change (a heartbeat): version and content stay as they are. */
    public Session touched(Instant at, Instant nextExpiresAt) {
        return new Session(id, canvasPath, status, nodeCount, groups, metadataJson, counts, reportedProgress,
                createdAt, updatedAt, at, startedAt, finishedAt, lastNodeFinishedAt, nextExpiresAt, version,
                reason, history, idempotencyKey, requestFingerprint);
    }
}
