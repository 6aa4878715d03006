package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.store.PackedNodes;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code batch_node}: the latest result of each node of a session, keyed by (session_id, node_id). */
final class NodeTable {

    private static final Columns COLUMNS = Columns.of("session_id", "node_id", "status", "result_json", "error",
            "started_at", "finished_at", "updated_at");
    /** What a read returns: a node result, without the session it belongs to. */
    private static final Columns RESULT = COLUMNS.without("session_id");
    /** What a later report of the same node replaces. */
    private static final Columns REPORTED = RESULT.without("node_id");
    /** Rows per statement batch when a grouped session brings many pending nodes. */
    private static final int BATCH = 1_000;
    /** Node ids per IN list: below SQLite's default limit of host parameters (999 in older builds). */
    private static final int IN_LIST = 500;

    private static final NamedSql INSERT = NamedSql.parse("INSERT INTO batch_node (" + COLUMNS.list() + ")"
            + " VALUES (" + COLUMNS.params() + ")");
    private static final NamedSql UPSERT = NamedSql.parse("INSERT INTO batch_node (" + COLUMNS.list() + ")"
            + " VALUES (" + COLUMNS.params() + ") ON CONFLICT (session_id, node_id) DO UPDATE SET "
            + REPORTED.fromExcluded());
    /** Many nodes of session :session_id in one statement, each column an array ({@link #bindArrays}). */
    private static final NamedSql UPSERT_ARRAYS = NamedSql.parse(upsertArrays(":session_id", ""));
    /**
     * Many nodes in one statement: one primary-key probe per asked id (parameters: the ids, then the session), planned
     * at every execution ({@link SqlDialect#planEachExecution}). Both halves were measured (bench/FINDINGS.md, fixed
     * 11). With {@code node_id = ANY (?)} the planner, which cannot tell from {@code session_id = ?} that one session
     * holds most rows, read the whole session through {@code batch_node_by_status} and filtered it: in a plan kept from
     * when the table was small (180 ms at 250,000 nodes, 0.2 ms through the key), and chosen afresh as well on an
     * unanalysed table of 2,000 to 10,000 rows. A probe matches the whole key, which the planner costs as one row
     * whatever the statistics say; OFFSET 0 keeps it a probe per id, not a join the planner may hash over the session.
     * Planned once on a table analysed at a few dozen rows, even the probe is a sequential scan: hence a fresh plan.
     */
    static final String FIND_ARRAY = "SELECT " + RESULT.list() + " FROM unnest(?::text[]) AS asked(id)"
            + " CROSS JOIN LATERAL (SELECT " + RESULT.list() + " FROM batch_node"
            + " WHERE session_id = ? AND node_id = asked.id OFFSET 0) AS node";
    private static final NamedSql FIND = NamedSql.parse("SELECT " + RESULT.list() + " FROM batch_node"
            + " WHERE session_id = :session_id AND node_id = :node_id");
    private static final NamedSql DELETE_ALL = NamedSql.parse("DELETE FROM batch_node WHERE session_id = :session_id");
    /** summary 1: the pack's node figures are written with it (CompactedFiguresTable). */
    private static final NamedSql PACK = NamedSql.parse("INSERT INTO batch_node_packed (session_id, nodes, summary)"
            + " VALUES (:session_id, :nodes, 1)");
    private static final NamedSql PACKED = NamedSql.parse("SELECT nodes FROM batch_node_packed"
            + " WHERE session_id = :session_id");
    private static final NamedSql DELETE_PACKED = NamedSql.parse("DELETE FROM batch_node_packed"
            + " WHERE session_id = :session_id");
    /** A page of one session's nodes, by which filters it has: [status?][after a node id?]. */
    private static final NamedSql[][] PAGE = {
            {page(false, false), page(false, true)},
            {page(true, false), page(true, true)}};

    private final SqlDialect dialect;

    NodeTable(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Many nodes in one statement, each column an array parameter (engines with {@code arrayParameters}), of the
     * session {@code sessionId} names, from {@code from} (a table or CTE the id comes from, or nothing).
     */
    private static String upsertArrays(String sessionId, String from) {
        return "INSERT INTO batch_node (" + COLUMNS.list() + ") SELECT " + sessionId + ", n.* FROM " + from
                + " unnest(:node_ids::text[], :statuses::text[], :results::text[], :errors::text[],"
                + " :started::timestamptz[], :finished::timestamptz[], :updated::timestamptz[]) AS n("
                + RESULT.list() + ") ON CONFLICT (session_id, node_id) DO UPDATE SET " + REPORTED.fromExcluded();
    }

    /**
     * The array upsert for the session that a preceding writable CTE {@code updated} (a column {@code id}) wrote:
     * no row at all when it wrote none. Bound by {@link #bindArrays}; it counts one row per node.
     */
    static String upsertArraysOfUpdated() {
        return upsertArrays("updated.id", "updated,");
    }

    /** Binds the columns of the array upsert, one text array each. */
    static NamedStatement bindArrays(NamedStatement st, Collection<NodeResult> nodes) throws SQLException {
        int n = nodes.size();
        String[][] columns = new String[7][n];
        int i = 0;
        for (NodeResult node : nodes) {
            columns[0][i] = node.nodeId();
            columns[1][i] = node.status().name();
            columns[2][i] = node.resultJson();
            columns[3][i] = node.error();
            columns[4][i] = text(node.startedAt());
            columns[5][i] = text(node.finishedAt());
            columns[6][i] = text(node.updatedAt());
            i++;
        }
        return st.texts("node_ids", columns[0]).texts("statuses", columns[1]).texts("results", columns[2])
                .texts("errors", columns[3]).texts("started", columns[4]).texts("finished", columns[5])
                .texts("updated", columns[6]);
    }

    private static NamedSql page(boolean byStatus, boolean afterCursor) {
        StringBuilder sql = new StringBuilder("SELECT ").append(RESULT.list())
                .append(" FROM batch_node WHERE session_id = :session_id");
        if (byStatus) {
            sql.append(" AND status = :status");
        }
        if (afterCursor) {
            sql.append(" AND node_id > :after");
        }
        return NamedSql.parse(sql.append(" ORDER BY node_id LIMIT :limit").toString());
    }

    void insertAll(Connection c, UUID sessionId, Collection<NodeResult> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return;
        }
        try (NamedStatement st = INSERT.prepare(c, dialect)) {
            int pending = 0;
            for (NodeResult node : nodes) {
                bindRow(st, sessionId, node).addBatch();
                if (++pending == BATCH) {
                    st.executeBatch();
                    pending = 0;
                }
            }
            if (pending > 0) {
                st.executeBatch();
            }
        }
    }

    /** Inserts each node's result, or replaces the one it had, in one statement batch. */
    void putAll(Connection c, UUID sessionId, Collection<NodeResult> nodes) throws SQLException {
        if (nodes.isEmpty()) {
            return;
        }
        if (nodes.size() > 1 && dialect.arrayParameters()) {
            putAllAsArrays(c, sessionId, nodes);
            return;
        }
        try (NamedStatement st = UPSERT.prepare(c, dialect)) {
            if (nodes.size() == 1) {
                bindRow(st, sessionId, nodes.iterator().next()).executeUpdate(); // no batch round for one row
                return;
            }
            for (NodeResult node : nodes) {
                bindRow(st, sessionId, node).addBatch();
            }
            st.executeBatch();
        }
    }

    private void putAllAsArrays(Connection c, UUID sessionId, Collection<NodeResult> nodes) throws SQLException {
        try (NamedStatement st = UPSERT_ARRAYS.prepare(c, dialect)) {
            bindArrays(st.id("session_id", sessionId), nodes).executeUpdate();
        }
    }

    private static String text(Instant time) {
        return time == null ? null : time.toString();
    }

    /**
     * The stored results of the named nodes, in as few statements as the engine's parameter limit allows (one for a
     * batch of up to {@value #IN_LIST} nodes).
     */
    Map<String, NodeResult> findAll(Connection c, UUID sessionId, Collection<String> nodeIds) throws SQLException {
        if (nodeIds.size() == 1) {
            String nodeId = nodeIds.iterator().next();
            return find(c, sessionId, nodeId).map(node -> Map.of(nodeId, node)).orElse(Map.of());
        }
        Map<String, NodeResult> found = new HashMap<>();
        if (dialect.arrayParameters()) {
            try (PreparedStatement ps = c.prepareStatement(FIND_ARRAY)) {
                dialect.planEachExecution(ps);
                ps.setArray(1, c.createArrayOf("text", nodeIds.toArray(String[]::new)));
                dialect.setId(ps, 2, sessionId);
                readInto(ps, found);
            }
            return found;
        }
        List<String> ids = List.copyOf(nodeIds);
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            String sql = "SELECT " + RESULT.list() + " FROM batch_node WHERE session_id = ? AND node_id IN ("
                    + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                dialect.setId(ps, 1, sessionId);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                readInto(ps, found);
            }
        }
        return found;
    }

    private void readInto(PreparedStatement ps, Map<String, NodeResult> found) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                NodeResult node = read(rs);
                found.put(node.nodeId(), node);
            }
        }
    }

    Optional<NodeResult> find(Connection c, UUID sessionId, String nodeId) throws SQLException {
        try (NamedStatement st = FIND.prepare(c, dialect);
             ResultSet rs = st.id("session_id", sessionId).text("node_id", nodeId).executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    /** Up to {@code rows} results in node id order, of one status or all, after a node id or from the start. */
    List<NodeResult> page(Connection c, UUID sessionId, NodeStatus status, String after, int rows)
            throws SQLException {
        try (NamedStatement st = PAGE[status != null ? 1 : 0][after != null ? 1 : 0].prepare(c, dialect)) {
            st.id("session_id", sessionId).integer("limit", rows);
            if (status != null) {
                st.text("status", status.name());
            }
            if (after != null) {
                st.text("after", after);
            }
            List<NodeResult> items = new ArrayList<>();
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    items.add(read(rs));
                }
            }
            return items;
        }
    }

    /** Every node of the session, in rows or packed. */
    void deleteAll(Connection c, UUID sessionId) throws SQLException {
        try (NamedStatement st = DELETE_ALL.prepare(c, dialect)) {
            st.id("session_id", sessionId).executeUpdate();
        }
        try (NamedStatement st = DELETE_PACKED.prepare(c, dialect)) {
            st.id("session_id", sessionId).executeUpdate();
        }
    }

    /**
     * Replaces the session's node rows by one packed value ({@link NodeResult#compacted()} of each): what a
     * compaction writes, in its transaction. Returns what it packed.
     */
    PackedNodes pack(Connection c, UUID sessionId) throws SQLException {
        PackedNodes packed = PackedNodes.of(page(c, sessionId, null, null, Integer.MAX_VALUE));
        try (NamedStatement st = PACK.prepare(c, dialect)) {
            st.id("session_id", sessionId).bytes("nodes", packed.encoded()).executeUpdate();
        }
        try (NamedStatement st = DELETE_ALL.prepare(c, dialect)) {
            st.id("session_id", sessionId).executeUpdate();
        }
        return packed;
    }

    /** The packed nodes of a compacted session; null when the session has none (not compacted, or absent). */
    PackedNodes packed(Connection c, UUID sessionId) throws SQLException {
        try (NamedStatement st = PACKED.prepare(c, dialect);
             ResultSet rs = st.id("session_id", sessionId).executeQuery()) {
            return rs.next() ? PackedNodes.decode(rs.getBytes("nodes")) : null;
        }
    }

    private static NamedStatement bindRow(NamedStatement st, UUID sessionId, NodeResult node) throws SQLException {
        return st.id("session_id", sessionId)
                .text("node_id", node.nodeId())
                .text("status", node.status().name())
                .text("result_json", node.resultJson())
                .text("error", node.error())
                .time("started_at", node.startedAt())
                .time("finished_at", node.finishedAt())
                .time("updated_at", node.updatedAt());
    }

    private NodeResult read(ResultSet rs) throws SQLException {
        return new NodeResult(
                rs.getString("node_id"),
                NodeStatus.valueOf(rs.getString("status")),
                rs.getString("result_json"),
                rs.getString("error"),
                dialect.getTime(rs, "started_at"),
                dialect.getTime(rs, "finished_at"),
                dialect.getTime(rs, "updated_at"));
    }
}
