package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.store.ChangePage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code batch_tombstone}: what remains of a removed session until {@code keep_until}. */
final class TombstoneTable {

    private static final Columns COLUMNS = Columns.of("id", "reason", "gone_at", "keep_until");

    private static final NamedSql FIND = NamedSql.parse("SELECT " + COLUMNS.list() + " FROM batch_tombstone"
            + " WHERE id = :id");
    private static final NamedSql PURGE = NamedSql.parse("DELETE FROM batch_tombstone WHERE id IN"
            + " (SELECT id FROM batch_tombstone WHERE keep_until <= :now ORDER BY keep_until LIMIT :limit)"
            + " RETURNING change_seq");
    private static final NamedSql CHANGES = NamedSql.parse("SELECT " + COLUMNS.list() + ", change_seq"
            + " FROM batch_tombstone WHERE change_seq > :after AND change_seq <= :horizon"
            + " ORDER BY change_seq LIMIT :limit");

    private final SqlDialect dialect;
    private final NamedSql put;

    TombstoneTable(SqlDialect dialect) {
        this.dialect = dialect;
        this.put = NamedSql.parse("INSERT INTO batch_tombstone (" + COLUMNS.list() + ", change_seq)"
                + " VALUES (" + COLUMNS.params() + ", " + dialect.changeSeq() + ") ON CONFLICT (id) DO UPDATE SET "
                + COLUMNS.without("id").fromExcluded() + ", change_seq = excluded.change_seq");
    }

    /** Leaves the tombstone, replacing an older one of the same id. */
    void put(Connection c, Tombstone tombstone) throws SQLException {
        try (NamedStatement st = put.prepare(c, dialect)) {
            st.id("id", tombstone.taskId())
                    .text("reason", tombstone.reason().name())
                    .time("gone_at", tombstone.goneAt())
                    .time("keep_until", tombstone.keepUntil())
                    .executeUpdate();
        }
    }

    Optional<Tombstone> find(Connection c, UUID id) throws SQLException {
        try (NamedStatement st = FIND.prepare(c, dialect); ResultSet rs = st.id("id", id).executeQuery()) {
            return rs.next() ? Optional.of(read(rs)) : Optional.empty();
        }
    }

    private Tombstone read(ResultSet rs) throws SQLException {
        return new Tombstone(dialect.getId(rs, "id"), GoneReason.valueOf(rs.getString("reason")),
                dialect.getTime(rs, "gone_at"), dialect.getTime(rs, "keep_until"));
    }

    /** Tombstones numbered in (after, horizon], up to {@code limit}, in sequence order. */
    List<ChangePage.Change> changes(Connection c, long after, long horizon, int limit) throws SQLException {
        List<ChangePage.Change> found = new ArrayList<>();
        try (NamedStatement st = CHANGES.prepare(c, dialect);
             ResultSet rs = st.bigint("after", after).bigint("horizon", horizon).integer("limit", limit)
                     .executeQuery()) {
            while (rs.next()) {
                found.add(new ChangePage.Removed(rs.getLong("change_seq"), read(rs)));
            }
        }
        return found;
    }

    /** What a purge dropped: how many, and the highest change sequence among them (0 for none). */
    record Purged(int count, long highestSeq) {
    }

    /** Drops up to {@code limit} tombstones kept until {@code now} or earlier. */
    Purged purge(Connection c, Instant now, int limit) throws SQLException {
        int count = 0;
        long highest = 0;
        try (NamedStatement st = PURGE.prepare(c, dialect);
             ResultSet rs = st.time("now", now).integer("limit", limit).executeQuery()) {
            while (rs.next()) {
                count++;
                highest = Math.max(highest, rs.getLong(1));
            }
        }
        return new Purged(count, highest);
    }
}
