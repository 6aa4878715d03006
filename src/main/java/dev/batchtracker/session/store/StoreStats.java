package dev.batchtracker.session.store;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.SessionStatus;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Figures a store gives about itself.
 *
 * @param byStatus stored sessions per status (a status a store leaves out is filled in as zero)
 * @param expired stored sessions already past their expiry (awaiting cleanup)
 * @param stale running sessions with no activity since the stale cutoff
 * @param totalCreated sessions ever inserted
 * @param totalRemoved sessions ever removed, per reason (every reason present)
 * @param finishedSessions stored sessions that have finished
 * @param finishedDurationMsSum sum over those of finished − (started or created), for an average
 * @param oldestCreatedAt null when the store is empty
 * @param newestCreatedAt null when the store is empty
 * @param approxBytes an estimate of the store's own footprint (heap for memory, data size elsewhere)
 */
public record StoreStats(
        Map<SessionStatus, Long> byStatus,
        long expired,
        long stale,
        long totalCreated,
        Map<GoneReason, Long> totalRemoved,
        long finishedSessions,
        long finishedDurationMsSum,
        Instant oldestCreatedAt,
        Instant newestCreatedAt,
        long approxBytes) {

    public StoreStats {
        byStatus = everyStatus(byStatus);
        totalRemoved = Map.copyOf(totalRemoved);
    }

    public long sessions() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }

    public long active() {
        return byStatus.entrySet().stream()
                .filter(e -> !e.getKey().isTerminal())
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    public long totalRemovedAll() {
        return totalRemoved.values().stream().mapToLong(Long::longValue).sum();
    }

    private static Map<SessionStatus, Long> everyStatus(Map<SessionStatus, Long> counted) {
        Map<SessionStatus, Long> all = new EnumMap<>(SessionStatus.class);
        for (SessionStatus status : SessionStatus.values()) {
            all.put(status, counted.getOrDefault(status, 0L));
        }
        return Map.copyOf(all);
    }
}
