package dev.batchtracker.session.cleanup;

import java.time.Instant;

/**
 * What this instance's cleanup runs have done so far (dry runs excluded: they change nothing).
 *
 * @param trackingSince when this instance started; stands in for the last successful run until there is one
 * @param runs real runs finished or failed
 * @param lastRunAt when the last run ended; null before the first
 * @param lastDurationMs how long the last run took; null before the first
 * @param lastSuccessAt when the last run ended that removed everything it tried to (no errors); null before one
 */
public record CleanupHistory(Instant trackingSince, long runs, Instant lastRunAt, Long lastDurationMs,
                             Instant lastSuccessAt) {

    static CleanupHistory startingAt(Instant since) {
        return new CleanupHistory(since, 0, null, null, null);
    }

    CleanupHistory after(Instant endedAt, long durationMs, boolean success) {
        return new CleanupHistory(trackingSince, runs + 1, endedAt, durationMs, success ? endedAt : lastSuccessAt);
    }

    /** The instant a "cleanup is overdue" check measures from: the last success, else start-up. */
    public Instant lastSuccessOrStart() {
        return lastSuccessAt != null ? lastSuccessAt : trackingSince;
    }
}
