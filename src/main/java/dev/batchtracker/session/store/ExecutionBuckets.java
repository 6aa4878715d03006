package dev.batchtracker.session.store;

/**
 * The buckets of a session's node execution-time histogram (Redis's {@code ax:{id}}, and SQL's
 * {@code batch_node_time} for a compacted session): exact below 16 ms, then eight buckets per power of two. A
 * bucket's lower bound L holds every value v with L ≤ v < L + L/8, so a percentile read as its bucket's lower bound
 * is at most 1/8 (12.5 %) below the exact figure, never above it. 64-bit values need 16 + 60 × 8 buckets at most; a
 * real session touches a handful.
 */
public final class ExecutionBuckets {

    private static final int EXACT_BELOW = 16;
    private static final int PER_OCTAVE = 8;
    /** log2 of {@link #EXACT_BELOW}: the first octave that is bucketed. */
    private static final int FIRST_OCTAVE = 4;

    private ExecutionBuckets() {
    }

    public static long bucketOf(long ms) {
        if (ms < EXACT_BELOW) {
            return Math.max(0, ms);
        }
        int octave = 63 - Long.numberOfLeadingZeros(ms);
        long sub = (ms >> (octave - 3)) & (PER_OCTAVE - 1);
        return EXACT_BELOW + (long) (octave - FIRST_OCTAVE) * PER_OCTAVE + sub;
    }

    public static long lowerBound(long bucket) {
        if (bucket < EXACT_BELOW) {
            return bucket;
        }
        long octave = (bucket - EXACT_BELOW) / PER_OCTAVE + FIRST_OCTAVE;
        long sub = (bucket - EXACT_BELOW) % PER_OCTAVE;
        return (PER_OCTAVE + sub) << (octave - 3);
    }
}
