package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.store.AnalyticsTally;
import dev.batchtracker.session.store.ExecutionBuckets;
import dev.batchtracker.session.store.NodeFigures;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@code batch_node_time} and {@code batch_node_failure} (schema V6): the node figures analytics reads of a
 * compacted session, whose nodes are otherwise one packed value SQL cannot look into. Execution times are kept as a
 * histogram ({@link ExecutionBuckets}) with each bucket's exact longest time; failed nodes one row each.
 */
final class CompactedFiguresTable {

    private static final NamedSql INSERT_TIME = NamedSql.parse("INSERT INTO batch_node_time"
            + " (session_id, bucket, nodes, longest) VALUES (:session_id, :bucket, :nodes, :longest)");
    private static final NamedSql INSERT_FAILURE = NamedSql.parse("INSERT INTO batch_node_failure"
            + " (session_id, node_id, error, failed_at) VALUES (:session_id, :node_id, :error, :failed_at)");
    private static final NamedSql DELETE_TIMES = NamedSql.parse(
            "DELETE FROM batch_node_time WHERE session_id = :session_id");
    private static final NamedSql DELETE_FAILURES = NamedSql.parse(
            "DELETE FROM batch_node_failure WHERE session_id = :session_id");
    /** Packed before V6, their figures not written yet: through the partial index batch_node_packed_unsummarised. */
    private static final NamedSql UNSUMMARISED = NamedSql.parse("SELECT session_id FROM batch_node_packed"
            + " WHERE summary = 0 LIMIT :limit");
    /** The conditional claim: of several instances filling in the same row, one updates it, the others see 0. */
    private static final NamedSql CLAIM = NamedSql.parse("UPDATE batch_node_packed SET summary = 1"
            + " WHERE session_id = :session_id AND summary = 0");

    private final SqlDialect dialect;

    CompactedFiguresTable(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Writes the figures of a session being compacted, in the compaction's transaction. */
    void insert(Connection c, UUID sessionId, NodeFigures figures) throws SQLException {
        Map<Long, long[]> buckets = new TreeMap<>(); // bucket → {nodes, longest}
        figures.executionTimes().forEach((ms, n) -> {
            long[] bucket = buckets.computeIfAbsent(ExecutionBuckets.bucketOf(ms), b -> new long[2]);
            bucket[0] += n;
            bucket[1] = Math.max(bucket[1], ms);
        });
        if (!buckets.isEmpty()) {
            try (NamedStatement st = INSERT_TIME.prepare(c, dialect)) {
                for (Map.Entry<Long, long[]> bucket : buckets.entrySet()) {
                    st.id("session_id", sessionId).bigint("bucket", ExecutionBuckets.lowerBound(bucket.getKey()))
                            .bigint("nodes", bucket.getValue()[0]).bigint("longest", bucket.getValue()[1])
                            .addBatch();
                }
                st.executeBatch();
            }
        }
        if (!figures.failures().isEmpty()) {
            try (NamedStatement st = INSERT_FAILURE.prepare(c, dialect)) {
                for (AnalyticsTally.Failure failure : figures.failures()) {
                    st.id("session_id", sessionId).text("node_id", failure.nodeId()).text("error", failure.error())
                            .time("failed_at", failure.at()).addBatch();
                }
                st.executeBatch();
            }
        }
    }

    void deleteAll(Connection c, UUID sessionId) throws SQLException {
        for (NamedSql delete : List.of(DELETE_TIMES, DELETE_FAILURES)) {
            try (NamedStatement st = delete.prepare(c, dialect)) {
                st.id("session_id", sessionId).executeUpdate();
            }
        }
    }

    /** Up to {@code limit} sessions packed before V6, their figures not written yet. */
    List<UUID> unsummarised(Connection c, int limit) throws SQLException {
        List<UUID> ids = new ArrayList<>();
        try (NamedStatement st = UNSUMMARISED.prepare(c, dialect);
             ResultSet rs = st.integer("limit", limit).executeQuery()) {
            while (rs.next()) {
                ids.add(dialect.getId(rs, "session_id"));
            }
        }
        return ids;
    }

    /**
     * Claims a session packed before V6 for {@link #insert}: true for exactly one of several instances filling in
     * the same session's figures, in its transaction.
     */
    boolean claim(Connection c, UUID sessionId) throws SQLException {
        try (NamedStatement st = CLAIM.prepare(c, dialect)) {
            return st.id("session_id", sessionId).executeUpdate() == 1;
        }
    }
}
