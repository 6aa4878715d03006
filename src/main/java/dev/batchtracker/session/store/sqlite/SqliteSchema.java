package dev.batchtracker.session.store.sqlite;

import dev.batchtracker.session.store.jdbc.ConnectionSource;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates and upgrades the SQLite schema: the scripts under {@code db/sqlite/} in order, the file's
 * {@code user_version} recording how many ran. Each script runs in one transaction with its version bump, so a
 * crash mid-upgrade leaves the previous version intact.
 */
final class SqliteSchema {

    private static final Logger LOG = Logger.getLogger(SqliteSchema.class);
    /**
     * Append only, in order: script {@code V<n>__…} brings the schema to version n. Versions come from the names, not
     * the positions, so scripts written on separate branches keep their numbers when merged.
     */
    static final List<String> SCRIPTS = List.of("db/sqlite/V1__sessions.sql", "db/sqlite/V2__labels.sql",
            "db/sqlite/V3__change_feed.sql", "db/sqlite/V4__compaction.sql", "db/sqlite/V5__analytics.sql",
            "db/sqlite/V6__compacted_node_figures.sql");

    private SqliteSchema() {
    }

    static void migrate(ConnectionSource db) {
        for (String script : SCRIPTS) {
            int version = versionOf(script);
            boolean ran = db.write(c -> {
                if (userVersion(c) >= version) {
                    return false;
                }
                try (Statement statement = c.createStatement()) {
                    for (String sql : statements(load(script))) {
                        statement.execute(sql);
                    }
                    statement.execute("PRAGMA user_version = " + version);
                }
                return true;
            });
            if (ran) {
                LOG.infof("SQLite schema migrated to version %d (%s)", version, script);
            }
        }
    }

    /** The n of {@code …/V<n>__name.sql}. */
    static int versionOf(String script) {
        String name = script.substring(script.lastIndexOf('/') + 1);
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    static int userVersion(Connection c) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet rs = statement.executeQuery("PRAGMA user_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String load(String resource) {
        try (InputStream in = SqliteSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("schema script missing from the build: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script's statements: comment lines dropped, split at semicolons ending a line. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip().replaceAll(";$", ""));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
