package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.store.SessionFixture;
import dev.batchtracker.session.store.postgres.PostgresStoreProducer;
import dev.batchtracker.testing.PostgresServer;
import io.agroal.api.AgroalDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read of a combined write's nodes on PostgreSQL, on a table that was nearly empty when the statement was first
 * planned and has not been analysed since (autovacuum off): it must never scan the session's rows (bench/FINDINGS.md,
 * "Fixed" 11).
 */
class PostgresNodeReadPlanTest {

    private static final String SCHEMA = PostgresServer.schema("batch_node_plan_test");
    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private AgroalDataSource pool;

    @BeforeEach
    void schema() throws Exception {
        PostgresServer.assumeReachable();
        PostgresServer.recreateSchema(SCHEMA);
        pool = PostgresServer.pool(SCHEMA, 1, Duration.ofSeconds(10)); // one connection: every read shares its plans
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (pool != null) {
            pool.close();
            PostgresServer.dropSchema(SCHEMA);
        }
    }

    @Test
    void theReadIsPlannedAtEveryExecutionNotKeptAsAServerSideStatement() throws Exception {
        JdbcSessionStore store = PostgresStoreProducer.open(pool, () -> { }, Duration.ofSeconds(10));
        Session session = SessionFixture.at(AT).status(SessionStatus.RUNNING).startedAt(AT).nodeCount(1_000).build();
        store.insert(session, ids(0, 100).stream().map(id -> SessionFixture.node(id, NodeStatus.COMPLETED, AT))
                .toList());
        List<String> asked = ids(90, 110); // 10 stored, 10 not
        for (int i = 0; i < 12; i++) { // past pgJDBC's prepareThreshold (5) and PostgreSQL's 5 custom plans
            Map<String, NodeResult> found = store.findNodes(session, asked);
            assertThat(found.keySet()).containsExactlyInAnyOrderElementsOf(ids(90, 100));
            assertThat(found.get("n95").status()).isEqualTo(NodeStatus.COMPLETED);
        }
        List<String> kept = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT statement FROM pg_prepared_statements"
                     + " WHERE statement LIKE 'SELECT %FROM batch_node%' AND statement LIKE '%::text[]%'")) {
            while (rs.next()) {
                kept.add(rs.getString(1));
            }
        }
        assertThat(kept).isEmpty();
    }

    @Test
    void aPlanMadeOnANearlyEmptyTableStillProbesThePrimaryKeyOnceTheSessionIsLarge() throws Exception {
        Session session = SessionFixture.at(AT).status(SessionStatus.RUNNING).startedAt(AT).nodeCount(30_000).build();
        PostgresStoreProducer.open(pool, () -> { }, Duration.ofSeconds(10)).insert(session, List.of());
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            String sessionId = "'" + session.id() + "'::uuid";
            insertNodes(st, sessionId, 0, 300);
            String sql = NodeTable.FIND_ARRAY.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2");
            st.execute("PREPARE find(text[], uuid) AS " + sql);
            // The generic plan is made now, on 300 rows, and kept: nothing invalidates it while rows are added.
            st.execute("SET plan_cache_mode = force_generic_plan");
            String execute = "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) EXECUTE find('{n5,n250,x1,x2}', "
                    + sessionId + ")";
            assertProbesThePrimaryKey(explain(st, execute), 2);

            insertNodes(st, sessionId, 300, 30_000);
            String plan = explain(st, execute);
            assertProbesThePrimaryKey(plan, 2);
            assertThat(plan).contains("loops=4"); // one probe per asked id, not a pass over the session
        }
    }

    private static void assertProbesThePrimaryKey(String plan, int rows) {
        assertThat(plan).as(plan).contains("batch_node_pkey").contains("Nested Loop (actual rows=" + rows)
                .doesNotContain("batch_node_by_status").doesNotContain("Seq Scan on batch_node")
                .doesNotContain("Rows Removed by Filter");
    }

    private static void insertNodes(Statement st, String sessionId, int from, int to) throws SQLException {
        st.execute("INSERT INTO batch_node (session_id, node_id, status, updated_at) SELECT " + sessionId
                + ", 'n' || g, 'COMPLETED', now() FROM generate_series(" + from + ", " + (to - 1) + ") g");
    }

    private static String explain(Statement st, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "n" + i).toList();
    }
}
