package dev.batchtracker.session.cleanup;

import java.time.Duration;

/**
 * Told of each real cleanup run when it ends: the cleanup's port for whatever times its runs (the
 * {@code batch_cleanup_duration} timer and the {@code batch_sessions_compacted} counter of {@code session.metrics}). The cleanup imports no meter, so the arrow
 * between the two runs one way, from metrics to here, where metrics also reads the runs' record
 * ({@link CleanupTracker}).
 * <p>
 * Called on the thread that ran the cleanup; an implementation returns at once and never throws.
 */
public interface CleanupObserver {

    /** A run ended, with or without errors; dry runs are not reported. */
    void ran(Duration took);

    /** A run compacted this many sessions (each counted by the one instance whose store step compacted it). */
    void compacted(int sessions);
}
