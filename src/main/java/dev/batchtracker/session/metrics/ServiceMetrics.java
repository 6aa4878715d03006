package dev.batchtracker.session.metrics;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.MemoryBudget;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.cleanup.CleanupHistory;
import dev.batchtracker.session.cleanup.CleanupTracker;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.StoreStats;
import dev.batchtracker.session.store.StoreStatsCache;
import dev.batchtracker.session.store.StoreTotals;
import dev.batchtracker.session.Wire;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the document of GET /api/v1/parallel/metrics. Figures that need a walk of the store come from
 * {@link StoreStatsCache}, with the instant they were taken; the store's own totals are read on every request (one
 * cheap call: a map read, a sum over a few SQL rows, one Redis hash), so a create or removal that has answered is
 * counted at once.
 */
@ApplicationScoped
public class ServiceMetrics {

    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final StoreStatsCache stats;
    private final SessionStore store;
    private final CleanupTracker cleanup;
    private final OpenStreams streams;
    private final MemoryBudget memoryBudget;
    private final Clock clock;

    public ServiceMetrics(StoreStatsCache stats, SessionStore store, CleanupTracker cleanup, OpenStreams streams,
                          MemoryBudget memoryBudget, Clock clock) {
        this.stats = stats;
        this.store = store;
        this.cleanup = cleanup;
        this.streams = streams;
        this.memoryBudget = memoryBudget;
        this.clock = clock;
    }

    public MetricsSnapshot snapshot() {
        StoreStatsCache.Figures cached = stats.figures();
        StoreStats figures = cached.stats();
        StoreTotals totals = store.totals(); // after the walk's figures, so never older than they are
        Optional<MemoryBudget.Usage> memory = memoryBudget.usage();
        CleanupHistory runs = cleanup.history();
        Instant now = clock.instant();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (SessionStatus status : SessionStatus.values()) {
            byStatus.put(Wire.name(status), figures.byStatus().getOrDefault(status, 0L));
        }
        Map<String, Long> cleanedByReason = new LinkedHashMap<>();
        for (GoneReason reason : GoneReason.values()) {
            cleanedByReason.put(Wire.name(reason), totals.removed().get(reason));
        }
        Long averageDuration = figures.finishedSessions() == 0 ? null
                : figures.finishedDurationMsSum() / figures.finishedSessions();
        return new MetricsSnapshot(
                figures.active(),
                byStatus,
                figures.expired(),
                figures.stale(),
                totals.created(),
                totals.removedAll(),
                cleanedByReason,
                totals.compacted(),
                runs.runs(),
                runs.lastRunAt(),
                runs.lastDurationMs(),
                runs.lastSuccessAt(),
                averageDuration,
                ageMs(figures.oldestCreatedAt(), now),
                ageMs(figures.newestCreatedAt(), now),
                Math.round(figures.approxBytes() / BYTES_PER_MB * 1000) / 1000.0,
                memory.map(MemoryBudget.Usage::usedBytes).orElse(null),
                memory.map(MemoryBudget.Usage::budgetBytes).orElse(null),
                memory.map(MemoryBudget.Usage::usedFraction).orElse(null),
                streams.subscriberCount(),
                cached.asOf());
    }

    private static Long ageMs(Instant createdAt, Instant now) {
        return createdAt == null ? null : Math.max(0, Duration.between(createdAt, now).toMillis());
    }
}
