package dev.batchtracker.session.store.jdbc;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.BitSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A prepared {@link NamedSql} statement, bound by parameter name. Binding a name the statement does not use does
 * nothing, so one method can bind a whole row for every statement over its table; executing with a name left
 * unbound throws, so a column added to a statement without a value, or a misspelt name, fails at once.
 */
final class NamedStatement implements AutoCloseable {

    private static final int[] NOWHERE = {};

    private final NamedSql sql;
    private final PreparedStatement statement;
    private final SqlDialect dialect;
    private final BitSet bound;

    NamedStatement(NamedSql sql, PreparedStatement statement, SqlDialect dialect) {
        this.sql = sql;
        this.statement = statement;
        this.dialect = dialect;
        this.bound = new BitSet(sql.names().size());
    }

    NamedStatement text(String name, String value) throws SQLException {
        for (int at : positions(name)) {
            statement.setString(at, value);
        }
        return this;
    }

    /** Text computed only when this statement uses the name: for values that cost something to encode. */
    NamedStatement text(String name, Supplier<String> value) throws SQLException {
        int[] at = positions(name);
        return at.length == 0 ? this : text(name, value.get());
    }

    NamedStatement integer(String name, int value) throws SQLException {
        for (int at : positions(name)) {
            statement.setInt(at, value);
        }
        return this;
    }

    NamedStatement bigint(String name, long value) throws SQLException {
        for (int at : positions(name)) {
            statement.setLong(at, value);
        }
        return this;
    }

    NamedStatement real(String name, double value) throws SQLException {
        for (int at : positions(name)) {
            statement.setDouble(at, value);
        }
        return this;
    }

    NamedStatement id(String name, UUID value) throws SQLException {
        for (int at : positions(name)) {
            dialect.setId(statement, at, value);
        }
        return this;
    }

    NamedStatement bytes(String name, byte[] value) throws SQLException {
        for (int at : positions(name)) {
            statement.setBytes(at, value);
        }
        return this;
    }

    /** A text array (engines with {@code arrayParameters}). */
    NamedStatement texts(String name, String[] values) throws SQLException {
        int[] at = positions(name);
        if (at.length > 0) {
            Array array = statement.getConnection().createArrayOf("text", values);
            for (int position : at) {
                statement.setArray(position, array);
            }
        }
        return this;
    }

    /** A time, or SQL NULL for null. */
    NamedStatement time(String name, Instant value) throws SQLException {
        for (int at : positions(name)) {
            dialect.setTime(statement, at, value);
        }
        return this;
    }

    int executeUpdate() throws SQLException {
        requireBound();
        return statement.executeUpdate();
    }

    ResultSet executeQuery() throws SQLException {
        requireBound();
        return statement.executeQuery();
    }

    /** Adds the bound row to the batch; the next row binds every name again. */
    void addBatch() throws SQLException {
        requireBound();
        statement.addBatch();
        bound.clear();
    }

    void executeBatch() throws SQLException {
        statement.executeBatch();
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }

    private int[] positions(String name) {
        int index = sql.indexOf(name);
        if (index < 0) {
            return NOWHERE;
        }
        bound.set(index);
        return sql.positions(index);
    }

    private void requireBound() {
        if (bound.cardinality() < sql.names().size()) {
            StringBuilder missing = new StringBuilder();
            for (int i = bound.nextClearBit(0); i < sql.names().size(); i = bound.nextClearBit(i + 1)) {
                missing.append(missing.isEmpty() ? "" : ", ").append(sql.names().get(i));
            }
            throw new IllegalStateException("unbound parameters " + missing + " in: " + sql.jdbc());
        }
    }
}
