package dev.batchtracker.session.store;

import dev.batchtracker.session.Analytics;
import dev.batchtracker.session.AnalyticsQuery;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Builds {@link Analytics} from the sessions of a window, one at a time, for the stores that have no SQL to do it
 * (memory, Redis). It keeps counts, not sessions: values as value → how many (so equal durations share an entry),
 * and per failing node id its count and latest error. The caller offers only sessions the query includes.
 */
public final class AnalyticsTally {

    private final AnalyticsQuery query;
    private final boolean approximate;
    private final Scope overall = new Scope();
    private final Map<String, Scope> byPath = new HashMap<>();
    private final Map<Instant, Map<SessionStatus, Long>> hourly = new HashMap<>();

    /** @param approximate whether the node times offered are histogram buckets rather than exact values */
    public AnalyticsTally(AnalyticsQuery query, boolean approximate) {
        this.query = query;
        this.approximate = approximate;
    }

    /** A failed node of an offered session: its id, error and when it failed (for "latest"). */
    public record Failure(String nodeId, String error, Instant at) {
    }

    /**
     * @param nodeTimes execution time in ms → how many of the session's nodes took it
     * @param failures the session's failed nodes
     */
    public void add(Session session, Map<Long, Long> nodeTimes, List<Failure> failures) {
        Scope path = byPath.computeIfAbsent(session.plan().canvasPath(), p -> new Scope());
        overall.add(session, nodeTimes, failures);
        path.add(session, nodeTimes, failures);
        Instant hour = Instant.ofEpochSecond(
                Math.floorDiv(session.timeline().finishedAt().getEpochSecond(), 3600) * 3600);
        hourly.computeIfAbsent(hour, h -> new EnumMap<>(SessionStatus.class))
                .merge(session.status(), 1L, Long::sum);
    }

    public Analytics result() {
        List<Map.Entry<String, Scope>> paths = new ArrayList<>(byPath.entrySet());
        paths.sort(Comparator.<Map.Entry<String, Scope>>comparingLong(e -> -e.getValue().sessions)
                .thenComparing(Map.Entry::getKey, KeyOrder.NODE_IDS));
        List<Analytics.PathFigures> top = paths.stream().limit(Analytics.TOP_PATHS)
                .map(e -> new Analytics.PathFigures(e.getKey(), e.getValue().figures()))
                .toList();
        List<Analytics.Hour> hours = Analytics.hours(query).stream()
                .map(h -> new Analytics.Hour(h, hourly.getOrDefault(h, Map.of())))
                .toList();
        return new Analytics(query.since(), query.until(), overall.figures(), top, hours, approximate);
    }

    /** Nearest-rank percentiles over value → count. */
    static Analytics.Distribution distribution(NavigableMap<Long, Long> values) {
        long count = values.values().stream().mapToLong(Long::longValue).sum();
        if (count == 0) {
            return Analytics.Distribution.NONE;
        }
        return new Analytics.Distribution(count, atRank(values, Analytics.Distribution.rank(500, count)),
                atRank(values, Analytics.Distribution.rank(950, count)), values.lastKey());
    }

    private static Long atRank(NavigableMap<Long, Long> values, long rank) {
        long seen = 0;
        for (Map.Entry<Long, Long> entry : values.entrySet()) {
            seen += entry.getValue();
            if (seen >= rank) {
                return entry.getKey();
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + seen + " values");
    }

    private static final class Failing {
        long count;
        Instant latestAt;
        String latestError;
    }

    private static final class Scope {
        final Map<SessionStatus, Long> byStatus = new EnumMap<>(SessionStatus.class);
        final TreeMap<Long, Long> durations = new TreeMap<>();
        final TreeMap<Long, Long> nodeTimes = new TreeMap<>();
        final Map<String, Failing> failing = new HashMap<>();
        long sessions;
        long nodesFinished;

        void add(Session session, Map<Long, Long> times, List<Failure> failures) {
            sessions++;
            byStatus.merge(session.status(), 1L, Long::sum);
            durations.merge(durationMs(session), 1L, Long::sum);
            times.forEach((ms, n) -> nodeTimes.merge(ms, n, Long::sum));
            nodesFinished += session.counts().completed() + session.counts().failed();
            for (Failure failure : failures) {
                Failing f = failing.computeIfAbsent(failure.nodeId(), id -> new Failing());
                f.count++;
                if (f.latestAt == null || (failure.at() != null && failure.at().isAfter(f.latestAt))) {
                    f.latestAt = failure.at();
                    f.latestError = failure.error();
                }
            }
        }

        Analytics.Figures figures() {
            List<Analytics.FailingNode> top = failing.entrySet().stream()
                    .sorted(Comparator.<Map.Entry<String, Failing>>comparingLong(e -> -e.getValue().count)
                            .thenComparing(Map.Entry::getKey, KeyOrder.NODE_IDS))
                    .limit(Analytics.TOP_FAILING_NODES)
                    .map(e -> new Analytics.FailingNode(e.getKey(), e.getValue().count, e.getValue().latestError))
                    .toList();
            return new Analytics.Figures(byStatus, distribution(durations), distribution(nodeTimes), nodesFinished,
                    top);
        }
    }

    /** Finished − started (created when it never started), as every store's duration figure counts it. */
    public static long durationMs(Session session) {
        Instant from = session.timeline().startedAt() != null ? session.timeline().startedAt()
                : session.timeline().createdAt();
        return Math.max(0, java.time.Duration.between(from, session.timeline().finishedAt()).toMillis());
    }
}
