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
        Analytics.Figures overall = figures(c, new Scope(query, null));
        List<Analytics.PathFigures> paths = new ArrayList<>();
        for (String path : topPaths(c, new Scope(query, null))) {
            paths.add(new Analytics.PathFigures(path, figures(c, new Scope(query, path))));
        }
        return new Analytics(query.since(), query.until(), overall, paths, hourly(c, new Scope(query, null)), false);
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

        String failedNodes() {
            return sql(" JOIN batch_node n ON n.session_id = s.id") + " AND n.status = 'FAILED'";
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

    private Analytics.Figures figures(Connection c, Scope scope) throws SQLException {
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
        Analytics.Distribution executions = distribution(c, scope, execution, scope.timedNodes(), nodeCount,
                maxExecution);
        return new Analytics.Figures(byStatus, durations, executions, nodesFinished, failingNodes(c, scope));
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
        try (NamedStatement st = scope.prepare(c, "SELECT n.node_id AS node_id, COUNT(*) AS failures"
                + scope.failedNodes() + " GROUP BY n.node_id ORDER BY failures DESC, node_id LIMIT :limit")) {
            try (ResultSet rs = st.integer("limit", Analytics.TOP_FAILING_NODES).executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString("node_id"), rs.getLong("failures"));
                }
            }
        }
        List<Analytics.FailingNode> failing = new ArrayList<>(counts.size());
        for (Map.Entry<String, Long> node : counts.entrySet()) {
            try (NamedStatement st = scope.prepare(c, "SELECT n.error AS error" + scope.failedNodes()
                    + " AND n.node_id = :node_id ORDER BY COALESCE(n.finished_at, n.updated_at) DESC LIMIT 1")) {
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
