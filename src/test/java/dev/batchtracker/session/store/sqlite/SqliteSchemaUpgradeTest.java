package dev.batchtracker.session.store.sqlite;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.Analytics;
import dev.batchtracker.session.AnalyticsQuery;
import dev.batchtracker.session.Labels;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.store.SessionFixture;
import dev.batchtracker.session.store.jdbc.JdbcSessionStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A database file written at an older schema version opens, upgrades, and reads as it was. */
class SqliteSchemaUpgradeTest {

    @TempDir
    Path folder;

    @Test
    void aVersionOneSessionReadsAsUnlabelledAndFiltersFindIt() throws Exception {
        Path file = folder.resolve("v1.db");
        UUID old = UUID.randomUUID();
        Instant created = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        long micros = SqliteDialect.toMicros(created);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement();
             InputStream v1 = getClass().getClassLoader().getResourceAsStream(SqliteSchema.SCRIPTS.get(0))) {
            for (String sql : SqliteSchema.statements(new String(v1.readAllBytes(), StandardCharsets.UTF_8))) {
                st.execute(sql);
            }
            st.execute("PRAGMA user_version = 1");
            st.execute("INSERT INTO batch_session (id, canvas_path, status, node_count, groups_json, metadata_json,"
                    + " completed_nodes, failed_nodes, running_nodes, reported_progress, created_at, updated_at,"
                    + " last_activity_at, expires_at, version, history_json) VALUES ('" + old + "',"
                    + " 'canvases/old.json', 'PENDING', 1, '[]', '{}', 0, 0, 0, 0, " + micros + ", " + micros + ", "
                    + micros + ", " + (micros + 3_600_000_000L) + ", 1, '[]')");
        }

        try (JdbcSessionStore store = SqliteStoreProducer.open(file, Duration.ofSeconds(10),
                BatchConfig.SqliteSynchronous.FULL, 2)) {
            Session read = store.find(old).orElseThrow();
            assertThat(read.plan().labels()).isEqualTo(Labels.NONE);
            assertThat(store.list(new SessionFilter(Set.of(), List.of(), "canvases/o", null, null), null, 10)
                    .items()).containsExactly(read);
            Session labelled = store.insert(SessionFixture.at(created.plusMillis(1)).labels(Map.of("team", "a"))
                    .build(), List.of()) instanceof JdbcSessionStore.InsertResult.Inserted inserted
                    ? inserted.session() : null;
            assertThat(store.list(new SessionFilter(Set.of(), List.of(new SessionFilter.LabelSelector("team", null)),
                    null, null, null), null, 10).items()).containsExactly(labelled);
        }
    }

    /**
     * A session compacted before schema V6 has its packed nodes but no node figures beside them (the V6 column
     * {@code summary} reads 0): the store writes them, once, before its first analytics report.
     */
    @Test
    void aSessionCompactedBeforeVersionSixGetsItsNodeFiguresBeforeTheFirstReport() throws Exception {
        Path file = folder.resolve("v5.db");
        Instant finished = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Session session = SessionFixture.at(finished.minusSeconds(60)).status(SessionStatus.PARTIAL_FAILURE)
                .startedAt(finished.minusSeconds(60)).finishedAt(finished).nodeCount(2)
                .counts(new NodeCounts(1, 1, 0)).build();
        List<NodeResult> nodes = List.of(
                new NodeResult("a", NodeStatus.COMPLETED, "{}", null, finished.minusMillis(300), finished, finished),
                new NodeResult("b", NodeStatus.FAILED, null, "boom", finished.minusMillis(40), finished, finished));
        AnalyticsQuery query = new AnalyticsQuery(SessionFilter.ALL, finished.minusSeconds(1), finished.plusSeconds(1));
        try (JdbcSessionStore store = SqliteStoreProducer.open(file, Duration.ofSeconds(10),
                BatchConfig.SqliteSynchronous.FULL, 2)) {
            store.insert(session, nodes);
            assertThat(store.compact(session.id(), finished, finished)).isTrue();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement st = c.createStatement()) {
            st.execute("DELETE FROM batch_node_time");
            st.execute("DELETE FROM batch_node_failure");
            st.execute("UPDATE batch_node_packed SET summary = 0");
        }

        try (JdbcSessionStore store = SqliteStoreProducer.open(file, Duration.ofSeconds(10),
                BatchConfig.SqliteSynchronous.FULL, 2);
             JdbcSessionStore other = SqliteStoreProducer.open(file, Duration.ofSeconds(10),
                     BatchConfig.SqliteSynchronous.FULL, 2)) {
            Analytics.Figures figures = store.analytics(query).overall();
            assertThat(figures.nodeExecutionMs().count()).isEqualTo(2);
            assertThat(figures.nodeExecutionMs().max()).isEqualTo(300);
            assertThat(figures.failingNodes()).containsExactly(new Analytics.FailingNode("b", 1, "boom"));
            // Another instance that had not filled them in yet finds nothing left to do, and counts each node once.
            assertThat(other.analytics(query).overall()).isEqualTo(figures);
        }
    }
}
