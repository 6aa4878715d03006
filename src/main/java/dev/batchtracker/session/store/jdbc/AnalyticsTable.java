package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.Analytics;
import dev.batchtracker.session.AnalyticsQuery;
import dev.batchtracker.session.SessionStatus;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link dev.batchtracker.session.store.SessionStore#analytics} in SQL: every figure is an aggregate the database
 * computes over the window's rows (found through {@code batch_session_by_finish}, V5), so only figures come back.
 * Percentiles are nearest-rank: PostgreSQL's {@code percentile_disc}; on SQLite the row at rank r of an ordered scan
 * ({@code ORDER BY v LIMIT 1 OFFSET r − 1}), the count read first. The per-path figures rerun the same queries with
 * the path as one more condition, for the top {@link Analytics#TOP_PATHS} paths only.
 * <p>
 * A compacted session's nodes are one packed value, so its node figures come from {@link CompactedFiguresTable}: a
 * histogram of execution times (bucket lower bounds, at most 1/8 below the exact time, with exact maxima) and its
 * failed nodes. When a scope holds such a histogram, its percentiles are ranked over the exact times and the
 * buckets together, and the report says {@code approximate}.
 */
final class AnalyticsTable {

    private final SqlDialect dialect;
    private final SessionTable sessions;
    private final String duration;
    private final String execution;

    AnalyticsTable(SqlDialect dialect, SessionTable sessions) {
        this.dialect = dialect;
        this.sessions = sessions;
        this.duration = dialect.millisBetween("COALESCE(s.started_at, s.created_at)", "s.finished_at");
        this.execution = dialect.millisBetween("n.started_at", "n.finished_at");
    }

    Analytics read(Connection c, AnalyticsQuery query) throws SQLException {
        ScopeFigures overall = figures(c, new Scope(query, null));
        List<Analytics.PathFigures> paths = new ArrayList<>();
        for (String path : topPaths(c, new Scope(query, null))) {
            paths.add(new Analytics.PathFigures(path, figures(c, new Scope(query, path)).figures()));
        }
        // A path's sessions are among the overall ones: if none of those is bucketed, none of a path's is.
        return new Analytics(query.since(), query.until(), overall.figures(), paths,
                hourly(c, new Scope(query, null)), overall.bucketed());
    }

    /** A scope's figures, and whether its node times include compacted sessions' histogram buckets. */
    private record ScopeFigures(Analytics.Figures figures, boolean bucketed) {
    }

    /** The window's sessions under the filter, optionally of one canvas path; {@code s} is the session row. */
    private final class Scope {
        final AnalyticsQuery query;
        final String path;
        final SessionTable.FilterSql where;

        Scope(AnalyticsQuery query, String path) {
            this.query = query;
            this.path = path;
            this.where = sessions.where(query.filter());
        }

        String sql(String join) {
            return where.fromWhere(join) + " AND s.finished_at >= :since AND s.finished_at < :until"
                    + (path == null ? "" : " AND s.canvas_path = :path");
        }

        String sessions() {
            return sql("");
        }

        /** The scope's nodes that have both times ({@code n}). */
        String timedNodes() {
            return sql(" JOIN batch_node n ON n.session_id = s.id")
                    + " AND n.started_at IS NOT NULL AND n.finished_at IS NOT NULL";
        }

        /** Node times as (v, n): each timed node's time once, and each compacted session's buckets. */
        String nodeTimes() {
            return "SELECT " + execution + " AS v, 1 AS n" + timedNodes()
                    + " UNION ALL SELECT t.bucket AS v, t.nodes AS n" + compactedTimes();
        }

        /** The compacted sessions' execution-time buckets ({@code t}). */
        String compactedTimes() {
            return sql(" JOIN batch_node_time t ON t.session_id = s.id");
        }

        /** The failed nodes, of sessions not compacted and compacted alike, as (node_id, error, at). */
        String failures() {
            return "SELECT n.node_id AS node_id, n.error AS error, COALESCE(n.finished_at, n.updated_at) AS at"
                    + sql(" JOIN batch_node n ON n.session_id = s.id") + " AND n.status = 'FAILED'"
                    + " UNION ALL SELECT f.node_id AS node_id, f.error AS error, f.failed_at AS at"
                    + sql(" JOIN batch_node_failure f ON f.session_id = s.id");
        }

        NamedStatement prepare(Connection c, String sql) throws SQLException {
            NamedStatement st = NamedSql.parse(sql).prepare(c, dialect);
            where.bind(st);
            st.time("since", query.since()).time("until", query.until());
            if (path != null) {
                st.text("path", path);
            }
            return st;
        }
    }

    private ScopeFigures figures(Connection c, Scope scope) throws SQLException {
        Map<SessionStatus, Long> byStatus = new EnumMap<>(SessionStatus.class);
        long sessionCount = 0;
        Long maxDuration = null;
        long nodesFinished = 0;
        try (NamedStatement st = scope.prepare(c, "SELECT s.status AS status, COUNT(*) AS n, MAX(" + duration
                + ") AS longest, SUM(s.completed_nodes + s.failed_nodes) AS nodes" + scope.sessions()
                + " GROUP BY s.status");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                long n = rs.getLong("n");
                byStatus.put(SessionStatus.valueOf(rs.getString("status")), n);
                sessionCount += n;
                long longest = rs.getLong("longest");
                maxDuration = maxDuration == null ? longest : Math.max(maxDuration, longest);
                nodesFinished += rs.getLong("nodes");
            }
        }
        Analytics.Distribution durations = distribution(c, scope, duration, scope.sessions(), sessionCount,
                maxDuration);
        long nodeCount = 0;
        Long maxExecution = null;
        try (NamedStatement st = scope.prepare(c, "SELECT COUNT(*) AS n, MAX(" + execution + ") AS longest"
                + scope.timedNodes());
             ResultSet rs = st.executeQuery()) {
            if (rs.next()) {
                nodeCount = rs.getLong("n");
                maxExecution = nodeCount == 0 ? null : rs.getLong("longest");
            }
        }
        long bucketed;
        try (NamedStatement st = scope.prepare(c, "SELECT COALESCE(SUM(t.nodes), 0) AS n, MAX(t.longest) AS longest"
                + scope.compactedTimes());
             ResultSet rs = st.executeQuery()) {
            rs.next(); // an aggregate without GROUP BY: always one row
            bucketed = rs.getLong("n");
            if (bucketed > 0) {
                maxExecution = Math.max(maxExecution == null ? 0 : maxExecution, rs.getLong("longest"));
            }
        }
        Analytics.Distribution executions = bucketed == 0
                ? distribution(c, scope, execution, scope.timedNodes(), nodeCount, maxExecution)
                : weightedDistribution(c, scope, nodeCount + bucketed, maxExecution);
        return new ScopeFigures(new Analytics.Figures(byStatus, durations, executions, nodesFinished,
                failingNodes(c, scope)), bucketed > 0);
    }

    /**
     * Nearest-rank percentiles over node times that come partly as buckets (v, n): the smallest v whose running
     * count, in order of v, reaches the rank.
     */
    private Analytics.Distribution weightedDistribution(Connection c, Scope scope, long count, long max)
            throws SQLException {
        try (NamedStatement st = scope.prepare(c, "SELECT MIN(CASE WHEN seen >= :rank50 THEN v END) AS p50,"
                + " MIN(CASE WHEN seen >= :rank95 THEN v END) AS p95 FROM (SELECT v, SUM(n) OVER (ORDER BY v"
                + " ROWS UNBOUNDED PRECEDING) AS seen FROM (" + scope.nodeTimes() + ") u) w")) {
            st.bigint("rank50", Analytics.Distribution.rank(500, count))
                    .bigint("rank95", Analytics.Distribution.rank(950, count));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Analytics.Distribution(count, orElse(rs, "p50", max), orElse(rs, "p95", max), max);
            }
        }
    }

    /** The column's value; {@code fallback} when null (a removal since the count was read left a rank unreached). */
    private static long orElse(ResultSet rs, String column, long fallback) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? fallback : value;
    }

    private Analytics.Distribution distribution(Connection c, Scope scope, String value, String fromWhere, long count,
                                                Long max) throws SQLException {
        if (count == 0) {
            return Analytics.Distribution.NONE;
        }
        if (dialect.percentileAggregates()) {
            try (NamedStatement st = scope.prepare(c, "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY " + value
                    + ") AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY " + value + ") AS p95" + fromWhere);
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Analytics.Distribution(count, rs.getLong("p50"), rs.getLong("p95"), max);
            }
        }
        return new Analytics.Distribution(count,
                atRank(c, scope, value, fromWhere, Analytics.Distribution.rank(500, count), max),
                atRank(c, scope, value, fromWhere, Analytics.Distribution.rank(950, count), max), max);
    }

    /** The value at a 1-based rank; {@code fallback} when the rows shrank since they were counted (a removal). */
    private long atRank(Connection c, Scope scope, String value, String fromWhere, long rank, long fallback)
            throws SQLException {
        try (NamedStatement st = scope.prepare(c, "SELECT " + value + " AS v" + fromWhere
                + " ORDER BY v LIMIT 1 OFFSET :skip")) {
            try (ResultSet rs = st.bigint("skip", rank - 1).executeQuery()) {
                return rs.next() ? rs.getLong("v") : fallback;
            }
        }
    }

    private List<Analytics.FailingNode> failingNodes(Connection c, Scope scope) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (NamedStatement st = scope.prepare(c, "SELECT node_id, COUNT(*) AS failures FROM (" + scope.failures()
                + ") u GROUP BY node_id ORDER BY failures DESC, node_id LIMIT :limit")) {
            try (ResultSet rs = st.integer("limit", Analytics.TOP_FAILING_NODES).executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString("node_id"), rs.getLong("failures"));
                }
            }
        }
        List<Analytics.FailingNode> failing = new ArrayList<>(counts.size());
        for (Map.Entry<String, Long> node : counts.entrySet()) {
            try (NamedStatement st = scope.prepare(c, "SELECT error FROM (" + scope.failures()
                    + ") u WHERE node_id = :node_id ORDER BY at DESC LIMIT 1")) {
                try (ResultSet rs = st.text("node_id", node.getKey()).executeQuery()) {
                    failing.add(new Analytics.FailingNode(node.getKey(), node.getValue(),
                            rs.next() ? rs.getString("error") : null));
                }
            }
        }
        return failing;
    }

    private List<String> topPaths(Connection c, Scope scope) throws SQLException {
        List<String> paths = new ArrayList<>();
        try (NamedStatement st = scope.prepare(c, "SELECT s.canvas_path AS path, COUNT(*) AS n" + scope.sessions()
                + " GROUP BY s.canvas_path ORDER BY n DESC, " + dialect.bytewise("s.canvas_path")
                + " LIMIT :limit")) {
            try (ResultSet rs = st.integer("limit", Analytics.TOP_PATHS).executeQuery()) {
                while (rs.next()) {
                    paths.add(rs.getString("path"));
                }
            }
        }
        return paths;
    }

    private List<Analytics.Hour> hourly(Connection c, Scope scope) throws SQLException {
        Map<Instant, Map<SessionStatus, Long>> counts = new HashMap<>();
        try (NamedStatement st = scope.prepare(c, "SELECT " + dialect.hourOf("s.finished_at")
                + " AS h, s.status AS status, COUNT(*) AS n" + scope.sessions() + " GROUP BY h, s.status");
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                counts.computeIfAbsent(Instant.ofEpochSecond(rs.getLong("h") * 3600),
                        h -> new EnumMap<>(SessionStatus.class))
                        .put(SessionStatus.valueOf(rs.getString("status")), rs.getLong("n"));
            }
        }
        return Analytics.hours(scope.query).stream()
                .map(h -> new Analytics.Hour(h, counts.getOrDefault(h, Map.of())))
                .toList();
    }
}
