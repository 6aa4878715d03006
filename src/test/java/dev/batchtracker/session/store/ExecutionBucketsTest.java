package dev.batchtracker.session.store;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented bound of Redis's node-time histogram: exact below 16 ms, then at most 1/8 below, never above. */
class ExecutionBucketsTest {

    @Test
    void valuesBelowSixteenMillisecondsAreTheirOwnBucket() {
        LongStream.range(0, 16).forEach(ms ->
                assertThat(ExecutionBuckets.lowerBound(ExecutionBuckets.bucketOf(ms))).isEqualTo(ms));
    }

    @Test
    void aBucketsLowerBoundIsAtMostAnEighthBelowEveryValueInIt() {
        long previousBucket = -1;
        for (long ms = 0; ms < 300_000; ms++) {
            long bucket = ExecutionBuckets.bucketOf(ms);
            long lower = ExecutionBuckets.lowerBound(bucket);
            assertThat(lower).as("lower bound of %d ms", ms).isLessThanOrEqualTo(ms);
            assertThat(ms == lower || ms * 8 < lower * 9).as("%d ms against its bucket's %d", ms, lower).isTrue();
            assertThat(bucket).as("buckets rise with the value").isGreaterThanOrEqualTo(previousBucket);
            previousBucket = bucket;
        }
    }

    @Test
    void hoursAndDaysStayWithinTheBoundToo() {
        for (long ms : new long[] {3_600_000L, 86_400_000L, 7L * 86_400_000L, Long.MAX_VALUE / 2}) {
            long lower = ExecutionBuckets.lowerBound(ExecutionBuckets.bucketOf(ms));
            assertThat(lower).isLessThanOrEqualTo(ms).isGreaterThan(ms - ms / 8);
        }
    }
}
