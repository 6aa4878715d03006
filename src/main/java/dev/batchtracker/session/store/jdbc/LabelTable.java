package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.Session;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

/**
 * {@code batch_label}: one row per label of a session, with the session's creation time, so that a label selector
 * is an index range in listing order. Written with the session, removed with it; labels never change in between.
 */
final class LabelTable {

    private static final Columns COLUMNS = Columns.of("session_id", "label_key", "label_value", "created_at");
    private static final NamedSql INSERT = NamedSql.parse("INSERT INTO batch_label (" + COLUMNS.list() + ")"
            + " VALUES (" + COLUMNS.params() + ")");
    private static final NamedSql DELETE_ALL = NamedSql.parse("DELETE FROM batch_label WHERE session_id = :session_id");

    private final SqlDialect dialect;

    LabelTable(SqlDialect dialect) {
        this.dialect = dialect;
    }

    void insertAll(Connection c, Session session) throws SQLException {
        Map<String, String> labels = session.plan().labels().entries();
        if (labels.isEmpty()) {
            return;
        }
        try (NamedStatement st = INSERT.prepare(c, dialect)) {
            for (Map.Entry<String, String> label : labels.entrySet()) {
                st.id("session_id", session.id())
                        .text("label_key", label.getKey())
                        .text("label_value", label.getValue())
                        .time("created_at", session.timeline().createdAt())
                        .addBatch();
            }
            st.executeBatch();
        }
    }

    /** Explicit rather than by the foreign key's cascade, which SQLite applies only with foreign keys switched on. */
    void deleteAll(Connection c, UUID sessionId) throws SQLException {
        try (NamedStatement st = DELETE_ALL.prepare(c, dialect)) {
            st.id("session_id", sessionId).executeUpdate();
        }
    }
}
