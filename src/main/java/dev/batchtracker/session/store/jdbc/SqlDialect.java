package dev.batchtracker.session.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** What differs between the SQL databases the store runs on: how ids and times are kept, two expressions. */
public interface SqlDialect {

    void setId(PreparedStatement statement, int index, UUID id) throws SQLException;

    UUID getId(ResultSet row, String column) throws SQLException;

    /** Binds a time, or SQL NULL for null. */
    void setTime(PreparedStatement statement, int index, Instant time) throws SQLException;

    /** Reads a time; null for SQL NULL. */
    Instant getTime(ResultSet row, String column) throws SQLException;

    /** An SQL expression: milliseconds from {@code from} to {@code to} (both time columns), never negative. */
    String millisBetween(String from, String to);

    /**
     * Whether the engine takes a whole array as one parameter (PostgreSQL): a combined write's nodes are then read
     * and written with one statement each, instead of an IN list and a statement batch of one row each.
     */
    default boolean arrayParameters() {
        return false;
    }

    /**
     * Has the engine plan {@code statement} anew at each execution, for the values bound and the tables as they are
     * then, instead of keeping a plan made once (possibly while the tables were nearly empty). Nothing by default.
     */
    default void planEachExecution(PreparedStatement statement) throws SQLException {
    }

    /**
     * An SQL expression comparing {@code column} in code-point (byte) order, the order prefix ranges assume; an index
     * on the same expression serves the range.
     */
    default String bytewise(String column) {
        return column;
    }

    /**
     * An SQL expression: the change sequence of this transaction's write, for {@code change_seq} (see
     * {@code SessionStore#changesAfter}). Read after {@link #nextChangeSeq()} ran in the same transaction.
     */
    String changeSeq();

    /** A statement that numbers this transaction's write before {@link #changeSeq()} is read; null if none is needed. */
    default String nextChangeSeq() {
        return null;
    }

    /** A query of one value: the highest change sequence at or below which no write is still in flight. */
    String changeHorizon();

    /** An SQL expression: the whole hours since the epoch (UTC) of the time column {@code column}. */
    String hourOf(String column);

    /**
     * Whether the engine has ordered-set aggregates ({@code percentile_disc}, PostgreSQL). Without them a percentile
     * is the row at its rank of an ordered scan ({@code ORDER BY … LIMIT 1 OFFSET rank − 1}).
     */
    default boolean percentileAggregates() {
        return false;
    }

    /** The bytes the session tables take on disk, roughly. */
    long approxBytes(Connection connection) throws SQLException;
}
