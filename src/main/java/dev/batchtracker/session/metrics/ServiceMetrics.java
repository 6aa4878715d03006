package dev.batchtracker.session.metrics;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.cleanup.CleanupHistory;
import dev.batchtracker.session.cleanup.CleanupTracker;
import dev.batchtracker.session.events.SessionStreams;
import dev.batchtracker.session.store.StoreStats;
import dev.batchtracker.session.store.StoreStatsCache;
import dev.batchtracker.session.Wire;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the document of GET /api/v1/parallel/metrics. */
@ApplicationScoped
public class ServiceMetrics {

    private static final double BYTES_PER_MB = 1024.0 * 1024.0;

    private final StoreStatsCache stats;
    private final CleanupTracker cleanup;
    private final SessionStreams streams;
    private final Clock clock;

    public ServiceMetrics(StoreStatsCache stats, CleanupTracker cleanup, SessionStreams streams, Clock clock) {
        this.stats = stats;
        this.cleanup = cleanup;
        this.streams = streams;
        this.clock = clock;
    }

    public MetricsSnapshot snapshot() {
        StoreStats figures = stats.current();
        CleanupHistory runs = cleanup.history();
        Instant now = clock.instant();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (SessionStatus status : SessionStatus.values()) {
            byStatus.put(Wire.name(status), figures.byStatus().getOrDefault(status, 0L));
        }
        Map<String, Long> cleanedByReason = new LinkedHashMap<>();
        for (GoneReason reason : GoneReason.values()) {
            cleanedByReason.put(Wire.name(reason), figures.totalRemoved().getOrDefault(reason, 0L));
        }
        Long averageDuration = figures.finishedSessions() == 0 ? null
                : figures.finishedDurationMsSum() / figures.finishedSessions();
        return new MetricsSnapshot(
                figures.active(),
                byStatus,
                figures.expired(),
                figures.stale(),
                figures.totalCreated(),
                figures.totalRemovedAll(),
                cleanedByReason,
                runs.runs(),
                runs.lastRunAt(),
                runs.lastDurationMs(),
                runs.lastSuccessAt(),
                averageDuration,
                ageMs(figures.oldestCreatedAt(), now),
                ageMs(figures.newestCreatedAt(), now),
                Math.round(figures.approxBytes() / BYTES_PER_MB * 1000) / 1000.0,
                streams.subscriberCount());
    }

    private static Long ageMs(Instant createdAt, Instant now) {
        return createdAt == null ? null : Math.max(0, Duration.between(createdAt, now).toMillis());
    }
}
