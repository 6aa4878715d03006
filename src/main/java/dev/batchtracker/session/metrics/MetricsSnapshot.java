package dev.batchtracker.session.metrics;

import java.time.Instant;
import java.util.Map;

/**
 * The document of GET /api/v1/parallel/metrics (snake_case on the wire). The store's totals are read on every
 * request and exact at once; the other store-wide figures (sessions, ages, average, memory) come from
 * {@link dev.batchtracker.session.store.StoreStatsCache}, taken at {@code figuresAsOf}, and are up to five seconds
 * old; cleanup figures and SSE subscribers are this instance's own.
 *
 * @param activeSessions stored sessions not yet finished (pending or running), expired ones awaiting removal included
 * @param sessionsByStatus every status, lowercase, zero when none
 * @param expiredSessions stored sessions past their expiry, not yet removed by a cleanup
 * @param staleSessions running sessions with no write for {@code batch.stale-after}
 * @param totalCreated sessions ever created
 * @param totalCleaned sessions ever removed, deleted or expired
 * @param totalCleanedByReason the same by reason ({@code expired}, {@code deleted})
 * @param totalCompacted finished sessions ever compacted (whole store, each counted once)
 * @param cleanupRuns cleanup runs on this instance (dry runs excluded)
 * @param lastCleanupTime when the last of them ended; null before the first
 * @param lastCleanupDurationMs null before the first
 * @param lastSuccessfulCleanupTime when the last run without errors ended; null before the first
 * @param averageSessionDurationMs over stored finished sessions, from start (or creation) to finish; null when none
 * @param oldestSessionAgeMs age of the earliest created stored session; null when there are none
 * @param newestSessionAgeMs age of the latest created stored session; null when there are none
 * @param memoryUsageMb the store's estimate of its own footprint (heap for the memory store), in MiB
 * @param storeMemoryUsedBytes the memory store's running estimate, current (not from the walk); null on other stores
 * @param storeMemoryBudgetBytes {@code batch.max-store-memory}; null on stores it does not apply to
 * @param storeMemoryUsedFraction the first over the second (readiness degraded from 0.8, creates refused at 1);
 *        null on stores the budget does not apply to
 * @param sseSubscribers open SSE streams on this instance
 * @param figuresAsOf when the store-wide figures other than the totals were taken
 */
public record MetricsSnapshot(
        long activeSessions,
        Map<String, Long> sessionsByStatus,
        long expiredSessions,
        long staleSessions,
        long totalCreated,
        long totalCleaned,
        Map<String, Long> totalCleanedByReason,
        long totalCompacted,
        long cleanupRuns,
        Instant lastCleanupTime,
        Long lastCleanupDurationMs,
        Instant lastSuccessfulCleanupTime,
        Long averageSessionDurationMs,
        Long oldestSessionAgeMs,
        Long newestSessionAgeMs,
        double memoryUsageMb,
        Long storeMemoryUsedBytes,
        Long storeMemoryBudgetBytes,
        Double storeMemoryUsedFraction,
        int sseSubscribers,
        Instant figuresAsOf) {
}
