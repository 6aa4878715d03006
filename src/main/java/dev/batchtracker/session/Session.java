package dev.batchtracker.session;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The header of one batch session: everything but the per-node results, which stores keep beside it.
 * Immutable; every change makes a new value, and only {@link #transitionTo} changes the status. The components are
 * of distinct types, and the instants are named in the {@link Timeline}, so no two of them can trade places
 * unnoticed.
 *
 * @param plan what the session runs, fixed at creation
 * @param reportedProgress the highest progress a client posted explicitly (0 when none)
 * @param reason the reason given for the transition into the current status (null when none was given)
 * @param origin the create request's idempotency key and fingerprint
 */
public record Session(
        UUID id,
        Plan plan,
        SessionStatus status,
        NodeCounts counts,
        double reportedProgress,
        Timeline timeline,
        long version,
        String reason,
        List<Transition> history,
        Origin origin) {

    public Session {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(origin, "origin");
        history = List.copyOf(history);
    }

    /** A session as a create opens it: pending, nothing reported, version 1. */
    public static Session pending(UUID id, Plan plan, Timeline timeline, Origin origin) {
        return new Session(id, plan, SessionStatus.PENDING, NodeCounts.NONE, 0.0, timeline, 1L, null, List.of(),
                origin);
    }

    public boolean hasGroups() {
        return !plan.groups().isEmpty();
    }

    /** Whether the store has compacted it: its node results are cut down to {@link NodeResult#compacted()}. */
    public boolean isCompacted() {
        return timeline.compactedAt() != null;
    }

    /**
     * Whether compaction may take it at {@code cutoff}: finished (terminal) at or before the cutoff, and not compacted
     * yet. Every store checks this in the same step as the compaction itself.
     */
    public boolean isCompactableAt(Instant cutoff) {
        return status.isTerminal() && timeline.finishedAt() != null && !timeline.finishedAt().isAfter(cutoff)
                && !isCompacted();
    }

    /** The same session marked compacted at {@code at}; not a versioned change (version and times stay). */
    public Session compactedAt(Instant at) {
        Timeline times = timeline.toBuilder().compactedAt(at).build();
        return new Session(id, plan, status, counts, reportedProgress, times, version, reason, history, origin);
    }

    public boolean isExpiredAt(Instant now) {
        return !timeline.expiresAt().isAfter(now);
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
        Timeline.Builder times = timeline.toBuilder();
        if (timeline.startedAt() == null && next == SessionStatus.RUNNING) {
            times.startedAt(at);
        }
        if (next.isTerminal()) {
            times.finishedAt(at);
        }
        return new Session(id, plan, next, counts, reportedProgress, times.build(), version, why, nextHistory, origin);
    }

    public Session withCounts(NodeCounts nextCounts, Instant nodeFinishedAt) {
        Timeline times = nodeFinishedAt == null ? timeline
                : timeline.toBuilder().lastNodeFinishedAt(nodeFinishedAt).build();
        return new Session(id, plan, status, nextCounts, reportedProgress, times, version, reason, history, origin);
    }

    public Session withReportedProgress(double progress) {
        return new Session(id, plan, status, counts, progress, timeline, version, reason, history, origin);
    }

    /** Stamps a versioned write: next version, updated and activity times, new expiry. */
    public Session written(Instant at, Instant nextExpiresAt) {
        Timeline times = timeline.toBuilder().updatedAt(at).lastActivityAt(at).expiresAt(nextExpiresAt).build();
        return new Session(id, plan, status, counts, reportedProgress, times, version + 1, reason, history, origin);
    }

    /** Activity without change (a heartbeat): version and content stay as they are. */
    public Session touched(Instant at, Instant nextExpiresAt) {
        Timeline times = timeline.toBuilder().lastActivityAt(at).expiresAt(nextExpiresAt).build();
        return new Session(id, plan, status, counts, reportedProgress, times, version, reason, history, origin);
    }
}
