package dev.batchtracker.session.store.sqlite;

import dev.batchtracker.session.store.jdbc.SqlDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.UUID;

/** SQLite keeps ids as UUID text (so they sort bytewise, like PostgreSQL's uuid) and times as epoch microseconds. */
final class SqliteDialect implements SqlDialect {

    private static final long MICROS_PER_SECOND = 1_000_000L;

    @Override
    public void setId(PreparedStatement statement, int index, UUID id) throws SQLException {
        statement.setString(index, id.toString());
    }

    @Override
    public UUID getId(ResultSet row, String column) throws SQLException {
        return UUID.fromString(row.getString(column));
    }

    @Override
    public void setTime(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, toMicros(time));
        }
    }

    @Override
    public Instant getTime(ResultSet row, String column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? null : fromMicros(micros);
    }

    @Override
    public String millisBetween(String from, String to) {
        return "MAX(0, (" + to + " - " + from + ") / 1000)";
    }

    /** Times are epoch microseconds, never negative: integer division is the floor. */
    @Override
    public String hourOf(String column) {
        return "(" + column + " / 3600000000)";
    }

    /** SQLite has one writer: a counter row bumped in the write's transaction numbers writes in commit order. */
    @Override
    public String nextChangeSeq() {
        return "INSERT INTO batch_totals (name, shard, total) VALUES ('change_seq', 0, 1)"
                + " ON CONFLICT (name, shard) DO UPDATE SET total = total + 1";
    }

    @Override
    public String changeSeq() {
        return "(SELECT total FROM batch_totals WHERE name = 'change_seq' AND shard = 0)";
    }

    @Override
    public String changeHorizon() {
        return "SELECT COALESCE(MAX(total), 0) FROM batch_totals WHERE name = 'change_seq' AND shard = 0";
    }

    @Override
    public long approxBytes(Connection connection) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    static long toMicros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), MICROS_PER_SECOND), time.getNano() / 1_000);
    }

    static Instant fromMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
                Math.floorMod(micros, MICROS_PER_SECOND) * 1_000L);
    }
}
