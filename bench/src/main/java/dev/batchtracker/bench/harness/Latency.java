package dev.batchtracker.bench.harness;

import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, from a histogram recorded in microseconds. */
record Latency(long count, double p50, double p99, double p999, double max) {

    static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3);
    }

    static Latency of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return new Latency(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new Latency(h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
