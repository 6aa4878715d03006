package dev.batchtracker.session.store.postgres;

import dev.batchtracker.session.store.jdbc.SqlDialect;
import org.postgresql.PGStatement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** PostgreSQL keeps ids as uuid and times as timestamptz (microseconds). */
final class PostgresDialect implements SqlDialect {

    @Override
    public void setId(PreparedStatement statement, int index, UUID id) throws SQLException {
        statement.setObject(index, id);
    }

    @Override
    public UUID getId(ResultSet row, String column) throws SQLException {
        return row.getObject(column, UUID.class);
    }

    @Override
    public void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setObject(index, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
        }
    }

    @Override
    public Instant getTime(ResultSet row, String column) throws SQLException {
        OffsetDateTime time = row.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    @Override
    public boolean arrayParameters() {
        return true;
    }

    /**
     * pgJDBC turns a statement run five times on a connection into a server-side prepared statement, whose generic
     * plan PostgreSQL then keeps until an ANALYZE or a schema change; with autovacuum off that is forever. Threshold 0
     * keeps the statement unnamed: parsed and planned with its values at every execution (0.1-0.2 ms more, measured).
     */
    @Override
    public void planEachExecution(PreparedStatement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }

    @Override
    public String millisBetween(String from, String to) {
        return "GREATEST(0, FLOOR(EXTRACT(EPOCH FROM (" + to + " - " + from + ")) * 1000))::bigint";
    }

    @Override
    public String hourOf(String column) {
        return "FLOOR(EXTRACT(EPOCH FROM " + column + ") / 3600)::bigint";
    }

    @Override
    public boolean percentileAggregates() {
        return true;
    }

    /** The database's own collation may ignore case and punctuation; "C" compares bytes (V2's index uses it). */
    @Override
    public String bytewise(String column) {
        return "(" + column + " COLLATE \"C\")";
    }

    /**
     * The transaction's own id: taken once per transaction, never reused (xid8 does not wrap), but committed out of
     * order, hence {@link #changeHorizon()}.
     */
    @Override
    public String changeSeq() {
        return "pg_current_xact_id()::text::bigint";
    }

    /** Every transaction id below the snapshot's xmin has finished: rows numbered below it are all visible. */
    @Override
    public String changeHorizon() {
        return "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint - 1";
    }

    @Override
    public long approxBytes(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_total_relation_size('batch_session')"
                + " + pg_total_relation_size('batch_node') + pg_total_relation_size('batch_tombstone')"
                + " + pg_total_relation_size('batch_label') + pg_total_relation_size('batch_node_packed')"
                + " + pg_total_relation_size('batch_node_time') + pg_total_relation_size('batch_node_failure')");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }
}
