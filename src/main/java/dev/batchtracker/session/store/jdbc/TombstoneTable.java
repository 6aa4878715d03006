package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Tombstone;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** {@code batch_tombstone}: what remains of a removed session until {@code keep_until}. */
final class TombstoneTable {

    private static final Columns COLUMNS = Columns.of("id", "reason", "gone_at", "keep_until");

    private static final NamedSql PUT = NamedSql.parse("INSERT INTO batch_tombstone (" + COLUMNS.list() + ")"
            + " VALUES (" + COLUMNS.params() + ") ON CONFLICT (id) DO UPDATE SET "
            + COLUMNS.without("id").fromExcluded());
    private static final NamedSql FIND = NamedSql.parse("SELECT " + COLUMNS.list() + " FROM batch_tombstone"
            + " WHERE id = :id");
    private static final NamedSql PURGE = NamedSql.parse("DELETE FROM batch_tombstone WHERE id IN"
            + " (SELECT id FROM batch_tombstone WHERE keep_until <= :now ORDER BY keep_until LIMIT :limit)");

    private final SqlDialect dialect;

    TombstoneTable(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Leaves the tombstone, replacing an older one of the same id. */
    void put(Connection c, Tombstone tombstone) throws SQLException {
        try (NamedStatement st = PUT.prepare(c, dialect)) {
            st.id("id", tombstone.taskId())
                    .text("reason", tombstone.reason().name())
                    .time("gone_at", tombstone.goneAt())
                    .time("keep_until", tombstone.keepUntil())
                    .executeUpdate();
        }
    }

    Optional<Tombstone> find(Connection c, UUID id) throws SQLException {
        try (NamedStatement st = FIND.prepare(c, dialect); ResultSet rs = st.id("id", id).executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Tombstone(dialect.getId(rs, "id"), GoneReason.valueOf(rs.getString("reason")),
                    dialect.getTime(rs, "gone_at"), dialect.getTime(rs, "keep_until")));
        }
    }

    /** Drops up to {@code limit} tombstones kept until {@code now} or earlier; returns how many. */
    int purge(Connection c, Instant now, int limit) throws SQLException {
        try (NamedStatement st = PURGE.prepare(c, dialect)) {
            return st.time("now", now).integer("limit", limit).executeUpdate();
        }
    }
}
