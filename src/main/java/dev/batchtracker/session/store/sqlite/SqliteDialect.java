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
