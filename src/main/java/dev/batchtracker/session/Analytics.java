package dev.batchtracker.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How the finished sessions of one window did ({@link AnalyticsQuery} says which sessions): the figures over all of
 * them, the same figures per canvas path (the {@link #TOP_PATHS} paths with most sessions), and per hour how many
 * finished in each terminal status.
 *
 * @param approximate whether node execution times are read from a histogram rather than exact (see the store)
 */
public record Analytics(Instant since, Instant until, Figures overall, List<PathFigures> byCanvasPath,
                        List<Hour> hourly, boolean approximate) {

    public static final int TOP_PATHS = 20;
    public static final int TOP_FAILING_NODES = 10;
    /** A failing node's latest error is cut to this many characters, as compaction keeps it. */
    public static final int ERROR_CHARS = 256;

    public Analytics {
        byCanvasPath = List.copyOf(byCanvasPath);
        hourly = List.copyOf(hourly);
    }

    public Duration window() {
        return Duration.between(since, until);
    }

    /** Terminal statuses, in the order reports list them. */
    public static final List<SessionStatus> TERMINAL = List.of(SessionStatus.COMPLETED,
            SessionStatus.PARTIAL_FAILURE, SessionStatus.FAILED, SessionStatus.CANCELLED);

    /**
     * @param byStatus sessions per terminal status (every terminal status present)
     * @param sessionDurationMs finished − started (created when it never started), per session
     * @param nodeExecutionMs finished − started of every node of these sessions that has both
     * @param nodesFinished completed plus failed nodes of these sessions
     * @param failingNodes the node ids failed most often, most first (ties by id in code-point order)
     */
    public record Figures(Map<SessionStatus, Long> byStatus, Distribution sessionDurationMs,
                          Distribution nodeExecutionMs, long nodesFinished, List<FailingNode> failingNodes) {

        public Figures {
            byStatus = terminalCounts(byStatus);
            failingNodes = List.copyOf(failingNodes);
        }

        public long sessions() {
            return byStatus.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Completed over all finished sessions (cancelled ones included); null when there are none. */
        public Double successRate() {
            long total = sessions();
            return total == 0 ? null : (double) byStatus.get(SessionStatus.COMPLETED) / total;
        }

        /** Finished nodes per second of the window. */
        public double nodesPerSecond(Duration window) {
            return nodesFinished * 1_000_000_000.0 / window.toNanos();
        }
    }

    /**
     * Nearest-rank percentiles: p50 is the value at rank ⌈0.5·n⌉ of the n values in ascending order, p95 at
     * ⌈0.95·n⌉. All null when there are no values.
     */
    public record Distribution(long count, Long p50, Long p95, Long max) {
        public static final Distribution NONE = new Distribution(0, null, null, null);

        /** The 1-based rank of the {@code perMille}/1000 percentile among {@code count} values. */
        public static long rank(int perMille, long count) {
            return Math.max(1, (perMille * count + 999) / 1000);
        }
    }

    public record FailingNode(String nodeId, long failures, String latestError) {
        public FailingNode {
            latestError = latestError == null || latestError.length() <= ERROR_CHARS ? latestError
                    : latestError.substring(0, ERROR_CHARS);
        }
    }

    public record PathFigures(String canvasPath, Figures figures) {
    }

    /** Sessions that finished in {@code [start, start + 1 h)} (clipped to the window), per terminal status. */
    public record Hour(Instant start, Map<SessionStatus, Long> byStatus) {
        public Hour {
            byStatus = terminalCounts(byStatus);
        }
    }

    private static Map<SessionStatus, Long> terminalCounts(Map<SessionStatus, Long> counts) {
        EnumMap<SessionStatus, Long> all = new EnumMap<>(SessionStatus.class);
        for (SessionStatus status : TERMINAL) {
            all.put(status, counts.getOrDefault(status, 0L));
        }
        return Collections.unmodifiableMap(all);
    }

    /** The hour starts covering the window: from the hour holding {@code since} up to the last before {@code until}. */
    public static List<Instant> hours(AnalyticsQuery query) {
        long first = Math.floorDiv(query.since().getEpochSecond(), 3600);
        long last = Math.floorDiv(query.until().minusNanos(1).getEpochSecond(), 3600);
        List<Instant> hours = new ArrayList<>();
        for (long h = first; h <= last; h++) {
            hours.add(Instant.ofEpochSecond(h * 3600));
        }
        return hours;
    }
}
