package dev.batchtracker.session.store.sqlite;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.Labels;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
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

/** A database file written at schema version 1 (before labels) opens, upgrades, and reads as it was. */
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
}
