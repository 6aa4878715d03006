package dev.batchtracker.session.store.jdbc;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Wire;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code batch_totals}: sessions ever created and ever removed (per reason), counted in the same transactions as
 * the rows they count, so every instance sharing the database reports the same figures. Each total is spread over
 * a few counter rows so that concurrent creates do not queue on one row; readers sum them.
 */
final class TotalsTable {

    private static final String CREATED = "created";
    private static final String COMPACTED = "compacted";
    /** Counter rows per total: enough to spread concurrent creates, few enough to sum cheaply. */
    private static final int SHARDS = 8;

    private static final NamedSql ADD = NamedSql.parse("INSERT INTO batch_totals (name, shard, total)"
            + " VALUES (:name, :shard, 1) ON CONFLICT (name, shard) DO UPDATE SET total = batch_totals.total + 1");
    private static final String FLOOR = "feed_floor";
    /** Only ever raised: the highest change sequence of a purged tombstone. */
    private static final NamedSql RAISE_FLOOR = NamedSql.parse("INSERT INTO batch_totals (name, shard, total)"
            + " VALUES ('" + FLOOR + "', 0, :seq) ON CONFLICT (name, shard) DO UPDATE SET total ="
            + " CASE WHEN excluded.total > batch_totals.total THEN excluded.total ELSE batch_totals.total END");
    private static final NamedSql READ_FLOOR = NamedSql.parse("SELECT total FROM batch_totals"
            + " WHERE name = '" + FLOOR + "' AND shard = 0");
    private static final NamedSql READ = NamedSql.parse("SELECT name, SUM(total) AS total FROM batch_totals"
            + " GROUP BY name");

    private final SqlDialect dialect;

    TotalsTable(SqlDialect dialect) {
        this.dialect = dialect;
    }

    void addCreated(Connection c) throws SQLException {
        add(c, CREATED);
    }

    void addCompacted(Connection c) throws SQLException {
        add(c, COMPACTED);
    }

    void addRemoved(Connection c, GoneReason reason) throws SQLException {
        add(c, removed(reason));
    }

    private static String removed(GoneReason reason) {
        return "removed_" + Wire.name(reason);
    }

    private void add(Connection c, String name) throws SQLException {
        try (NamedStatement st = ADD.prepare(c, dialect)) {
            st.text("name", name).integer("shard", ThreadLocalRandom.current().nextInt(SHARDS)).executeUpdate();
        }
    }

    /** Numbers this transaction's change where the dialect needs a statement for it. */
    void numberChange(Connection c) throws SQLException {
        String next = dialect.nextChangeSeq();
        if (next != null) {
            try (Statement statement = c.createStatement()) {
                statement.executeUpdate(next);
            }
        }
    }

    void raiseFloor(Connection c, long seq) throws SQLException {
        try (NamedStatement st = RAISE_FLOOR.prepare(c, dialect)) {
            st.bigint("seq", seq).executeUpdate();
        }
    }

    long floor(Connection c) throws SQLException {
        try (NamedStatement st = READ_FLOOR.prepare(c, dialect); ResultSet rs = st.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    /** The change horizon of {@link SqlDialect#changeHorizon()}. */
    long changeHorizon(Connection c) throws SQLException {
        try (Statement statement = c.createStatement();
             ResultSet rs = statement.executeQuery(dialect.changeHorizon())) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    Totals read(Connection c) throws SQLException {
        Map<String, Long> byName = new HashMap<>();
        try (NamedStatement st = READ.prepare(c, dialect); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                byName.put(rs.getString("name"), rs.getLong("total"));
            }
        }
        Map<GoneReason, Long> removed = new EnumMap<>(GoneReason.class);
        for (GoneReason reason : GoneReason.values()) {
            removed.put(reason, byName.getOrDefault(removed(reason), 0L));
        }
        return new Totals(byName.getOrDefault(CREATED, 0L), removed, byName.getOrDefault(COMPACTED, 0L));
    }

    /** @param removed every reason present */
    record Totals(long created, Map<GoneReason, Long> removed, long compacted) {

        /** Sessions stored now: created − removed, exact, and no scan of the session table. */
        long stored() {
            long gone = 0;
            for (long count : removed.values()) {
                gone += count;
            }
            return created - gone;
        }
    }
}
