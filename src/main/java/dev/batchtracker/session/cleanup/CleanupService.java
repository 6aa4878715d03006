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
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * Removes expired sessions, compacts finished ones and drops old tombstones. A plain method: the scheduled {@link CleanupJob} and
 * POST /api/v1/parallel/cleanup both call {@link #run}, tests call it directly.
 * <p>
 * It works in batches of {@code batch.cleanup.batch-size} and takes no lock: each removal and each compaction is
 * the store's own conditional step (a session revived, removed or compacted meanwhile is left alone, so several
 * instances may run at once), and requests keep being served while a large backlog is worked off. Compaction is
 * bounded per run ({@code batch.compaction.max-per-run}); the next run goes on.
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
     * One run: removes expired sessions, compacts finished ones ({@code batch.compaction.after}), drops old
     * tombstones. Sessions count as expired when their expiry is at or before the instant the run starts, and as
     * compactable when they finished at or before that instant less {@code batch.compaction.after}; what comes due
     * while it runs waits for the next run, so a run always ends.
     *
     * @param dryRun report what would be removed and compacted, change nothing
     */
    public CleanupReport run(boolean dryRun) {
        long startedNanos = System.nanoTime();
        Instant now = clock.instant();
        if (dryRun) {
            List<UUID> expired = store.expiredBefore(now, Integer.MAX_VALUE);
            List<UUID> compactable = wouldCompact(now, expired);
            return new CleanupReport(true, expired.size(), firstIds(expired), compactable.size(),
                    firstIds(compactable), millisSince(startedNanos), 0);
        }
        Sweep removal;
        Sweep compaction;
        int purged;
        try {
            removal = sweep("remove", limit -> store.expiredBefore(now, limit), manager::expire, Integer.MAX_VALUE);
            compaction = compact(now);
            purged = purgeTombstones(now);
        } catch (RuntimeException e) {
            // The store failed outside a single step (listing, most likely): the run counts, as a failure.
            finish(startedNanos, false);
            throw e;
        }
        int errors = removal.errors() + compaction.errors() + (purged < 0 ? 1 : 0);
        long durationMs = finish(startedNanos, errors == 0);
        if (removal.done() > 0 || compaction.done() > 0 || errors > 0) {
            logSummary(removal, compaction, Math.max(purged, 0), errors, durationMs);
        }
        return new CleanupReport(false, removal.done(), removal.firstIds(), compaction.done(),
                compaction.firstIds(), durationMs, errors);
    }

    /** What one kind of step did in a run: how many it did, the first ids, how many failed. */
    private record Sweep(int done, List<UUID> firstIds, int errors) {
        static final Sweep NONE = new Sweep(0, List.of(), 0);
    }

    private Sweep compact(Instant now) {
        BatchConfig.Compaction compaction = config.compaction();
        if (!compaction.enabled()) {
            return Sweep.NONE;
        }
        Instant cutoff = now.minus(compaction.after());
        // Counted as each one is compacted: a run that fails later has still told the counter what it did.
        return sweep("compact", limit -> store.compactableBefore(cutoff, limit), id -> {
            boolean compacted = store.compact(id, cutoff, now);
            if (compacted) {
                observer.compacted(1);
            }
            return compacted;
        }, compaction.maxPerRun());
    }

    /**
     * What a real run would compact: the compactable sessions this run reaches (its bound), less those it removes
     * first as expired.
     */
    private List<UUID> wouldCompact(Instant now, List<UUID> expired) {
        BatchConfig.Compaction compaction = config.compaction();
        if (!compaction.enabled()) {
            return List.of();
        }
        Set<UUID> removed = new HashSet<>(expired);
        List<UUID> listed = store.compactableBefore(now.minus(compaction.after()),
                (int) Math.min(Integer.MAX_VALUE, (long) compaction.maxPerRun() + removed.size()));
        return listed.stream().filter(id -> !removed.contains(id)).limit(compaction.maxPerRun()).toList();
    }

    /**
     * Lists due ids in batches of {@code batch.cleanup.batch-size} and applies the step to each, until none is left
     * or {@code max} succeeded. The step is the store's own conditional one: an id someone else took meanwhile
     * answers false and is not counted.
     */
    private Sweep sweep(String verb, IntFunction<List<UUID>> due, Predicate<UUID> step, int max) {
        int batchSize = config.cleanup().batchSize();
        List<UUID> firstIds = new ArrayList<>();
        // Ids whose step failed, or that stay listed after answering false (a store whose index is coarser than
        // its check): they keep their place at the head of the order, so the next listing asks for that many more
        // and steps over them.
        Set<UUID> skipped = new HashSet<>();
        int failures = 0;
        int done = 0;
        int consecutiveFailures = 0;
        while (done < max) {
            List<UUID> batch = due.apply((int) Math.min(Integer.MAX_VALUE,
                    (long) Math.min(batchSize, max - done) + skipped.size()));
            int progress = 0;
            for (UUID id : batch) {
                if (done >= max || !skipped.add(id)) {
                    continue;
                }
                try {
                    if (step.test(id)) {
                        skipped.remove(id);
                        done++;
                        if (firstIds.size() < REPORTED_IDS) {
                            firstIds.add(id);
                        }
                    }
                    progress++;
                    consecutiveFailures = 0;
                } catch (RuntimeException e) {
                    failures++;
                    progress++;
                    consecutiveFailures++;
                    if (failures == 1) {
                        LOG.warnf("Cleanup could not %s session %s: %s", verb, id, e.getMessage());
                    } else {
                        LOG.debugf("Cleanup could not %s session %s: %s", verb, id, e.getMessage());
                    }
                    if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) {
                        LOG.warnf("Cleanup stopped after %d failed attempts to %s in a row", consecutiveFailures,
                                verb);
                        return new Sweep(done, List.copyOf(firstIds), failures);
                    }
                }
            }
            // No progress means every listed id was taken by someone else meanwhile (or the listing no longer
            // matches what the step can take): stop rather than list the same ids forever.
            if (progress == 0) {
                break;
            }
            // Let request threads in between batches.
            Thread.yield();
        }
        return new Sweep(done, List.copyOf(firstIds), failures);
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

    private void logSummary(Sweep removal, Sweep compaction, int purged, int errors, long durationMs) {
        String remaining;
        try {
            int left = store.expiredBefore(clock.instant(), REMAINING_PROBE).size();
            remaining = left >= REMAINING_PROBE ? REMAINING_PROBE + "+" : Integer.toString(left);
        } catch (RuntimeException e) {
            remaining = "unknown";
        }
        String line = "Cleanup removed %d expired sessions: duration_ms=%d remaining=%s errors=%d tombstones_dropped=%d"
                + " compacted=%d";
        if (errors > 0) {
            LOG.warnf(line, removal.done(), durationMs, remaining, errors, purged, compaction.done());
        } else {
            LOG.infof(line, removal.done(), durationMs, remaining, errors, purged, compaction.done());
        }
    }

    private static List<UUID> firstIds(List<UUID> ids) {
        return List.copyOf(ids.subList(0, Math.min(ids.size(), REPORTED_IDS)));
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }
}
