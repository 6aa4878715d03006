package dev.batchtracker.session.cleanup;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.StoreStatsCache;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Removes expired sessions and drops old tombstones. A plain method: the scheduled {@link CleanupJob} and
 * POST /api/v1/parallel/cleanup both call {@link #run}, tests call it directly.
 * <p>
 * It works in batches of {@code batch.cleanup.batch-size} and takes no lock: each removal is the store's own
 * conditional step (a session revived or removed meanwhile is left alone), so requests keep being served while
 * a large backlog is removed.
 */
@ApplicationScoped
public class CleanupService {

    private static final Logger LOG = Logger.getLogger(CleanupService.class);

    /** How many ids a report lists at most. */
    static final int REPORTED_IDS = 100;
    /** Failed removals in a row after which a run stops: the store itself is failing; the next run tries again. */
    static final int MAX_CONSECUTIVE_FAILURES = 100;
    /** The summary line counts what is left up to this many. */
    static final int REMAINING_PROBE = 10_000;

    private final SessionStore store;
    private final BatchSessionManager manager;
    private final Clock clock;
    private final BatchConfig config;
    private final CleanupObserver observer;
    private final CleanupTracker tracker;
    private final StoreStatsCache stats;

    public CleanupService(SessionStore store, BatchSessionManager manager, Clock clock, BatchConfig config,
                          CleanupObserver observer, CleanupTracker tracker, StoreStatsCache stats) {
        this.store = store;
        this.manager = manager;
        this.clock = clock;
        this.config = config;
        this.observer = observer;
        this.tracker = tracker;
        this.stats = stats;
    }

    /**
     * One run. Sessions count as expired when their expiry is at or before the instant the run starts; what
     * expires while it runs waits for the next run, so a run always ends.
     *
     * @param dryRun report what would be removed, change nothing
     */
    public CleanupReport run(boolean dryRun) {
        long startedNanos = System.nanoTime();
        Instant cutoff = clock.instant();
        if (dryRun) {
            List<UUID> expired = store.expiredBefore(cutoff, Integer.MAX_VALUE);
            return new CleanupReport(true, expired.size(), firstIds(expired), millisSince(startedNanos), 0);
        }
        Removal removal;
        int purged;
        try {
            removal = removeExpired(cutoff);
            purged = purgeTombstones(cutoff);
        } catch (RuntimeException e) {
            // The store failed outside a single removal (listing, most likely): the run counts, as a failure.
            finish(startedNanos, false);
            throw e;
        }
        int errors = removal.errors() + (purged < 0 ? 1 : 0);
        long durationMs = finish(startedNanos, errors == 0);
        if (removal.removed() > 0 || errors > 0) {
            logSummary(removal, Math.max(purged, 0), errors, durationMs);
        }
        return new CleanupReport(false, removal.removed(), removal.firstIds(), durationMs, errors);
    }

    private record Removal(int removed, List<UUID> firstIds, int errors) {
    }

    private Removal removeExpired(Instant cutoff) {
        int batchSize = config.cleanup().batchSize();
        List<UUID> firstIds = new ArrayList<>();
        // Ids whose removal failed in this run: they keep their place at the head of the expiry order, so the
        // next listing asks for that many more and steps over them.
        Set<UUID> failed = new HashSet<>();
        int removed = 0;
        int consecutiveFailures = 0;
        while (true) {
            List<UUID> batch = store.expiredBefore(cutoff, batchSize + failed.size());
            int progress = 0;
            for (UUID id : batch) {
                if (failed.contains(id)) {
                    continue;
                }
                try {
                    if (manager.expire(id)) {
                        removed++;
                        progress++;
                        if (firstIds.size() < REPORTED_IDS) {
                            firstIds.add(id);
                        }
                    }
                    consecutiveFailures = 0;
                } catch (RuntimeException e) {
                    failed.add(id);
                    progress++;
                    consecutiveFailures++;
                    if (failed.size() == 1) {
                        LOG.warnf("Cleanup could not remove session %s: %s", id, e.getMessage());
                    } else {
                        LOG.debugf("Cleanup could not remove session %s: %s", id, e.getMessage());
                    }
                    if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                        LOG.warnf("Cleanup stopped after %d failed removals in a row", consecutiveFailures);
                        return new Removal(removed, List.copyOf(firstIds), failed.size());
                    }
                }
            }
            // No progress means every listed id was removed by someone else meanwhile (or the listing no longer
            // matches what can be removed): stop rather than list the same ids forever.
            if (progress == 0) {
                return new Removal(removed, List.copyOf(firstIds), failed.size());
            }
            // Let request threads in between batches.
            Thread.yield();
        }
    }

    /** @return tombstones dropped, or -1 when the store failed (counted as one error) */
    private int purgeTombstones(Instant now) {
        int batchSize = config.cleanup().batchSize();
        int purged = 0;
        try {
            while (true) {
                int dropped = store.purgeTombstones(now, batchSize);
                purged += dropped;
                if (dropped < batchSize) {
                    return purged;
                }
                Thread.yield();
            }
        } catch (RuntimeException e) {
            LOG.warnf("Cleanup could not drop old tombstones: %s", e.getMessage());
            return -1;
        }
    }

    private long finish(long startedNanos, boolean success) {
        long durationNanos = System.nanoTime() - startedNanos;
        long durationMs = Duration.ofNanos(durationNanos).toMillis();
        tracker.recordRun(durationMs, success);
        observer.ran(Duration.ofNanos(durationNanos));
        // The counts changed; the next metrics read should not show the figures from before the run.
        stats.invalidate();
        return durationMs;
    }

    private void logSummary(Removal removal, int purged, int errors, long durationMs) {
        String remaining;
        try {
            int left = store.expiredBefore(clock.instant(), REMAINING_PROBE).size();
            remaining = left >= REMAINING_PROBE ? REMAINING_PROBE + "+" : Integer.toString(left);
        } catch (RuntimeException e) {
            remaining = "unknown";
        }
        String line = "Cleanup removed %d expired sessions: duration_ms=%d remaining=%s errors=%d tombstones_dropped=%d";
        if (errors > 0) {
            LOG.warnf(line, removal.removed(), durationMs, remaining, errors, purged);
        } else {
            LOG.infof(line, removal.removed(), durationMs, remaining, errors, purged);
        }
    }

    private static List<UUID> firstIds(List<UUID> ids) {
        return List.copyOf(ids.subList(0, Math.min(ids.size(), REPORTED_IDS)));
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
