package dev.batchtracker.session.store.jdbc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Named parameters: parsed once, bound by name, and a statement with a name left unbound does not run. */
class NamedSqlTest {

    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void names_become_jdbc_parameters_and_a_repeated_name_has_every_position() {
        NamedSql sql = NamedSql.parse("SELECT a FROM t WHERE (c < :at OR (c = :at AND id > :id)) LIMIT :limit");

        assertThat(sql.jdbc()).isEqualTo("SELECT a FROM t WHERE (c < ? OR (c = ? AND id > ?)) LIMIT ?");
        assertThat(sql.names()).containsExactly("at", "id", "limit");
        assertThat(sql.positions(sql.indexOf("at"))).containsExactly(1, 2);
        assertThat(sql.positions(sql.indexOf("limit"))).containsExactly(4);
        assertThat(sql.indexOf("absent")).isEqualTo(-1);
    }

    @Test
    void casts_and_quoted_text_are_not_parameters() {
        NamedSql sql = NamedSql.parse("SELECT x::bigint, ':not_a_name' FROM t WHERE s = 'RUNNING' AND v = :v");

        assertThat(sql.jdbc()).isEqualTo("SELECT x::bigint, ':not_a_name' FROM t WHERE s = 'RUNNING' AND v = ?");
        assertThat(sql.names()).containsExactly("v");
    }

    @Test
    void positional_parameters_are_refused() {
        assertThatThrownBy(() -> NamedSql.parse("SELECT a FROM t WHERE id = ?"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_statement_binds_by_name_in_any_order_and_ignores_names_it_does_not_use() throws SQLException {
        NamedSql sql = NamedSql.parse("SELECT :b AS b, :a AS a, :a AS again, :t AS t, :id AS id");
        UUID id = UUID.randomUUID();

        try (NamedStatement st = sql.prepare(connection, new TextDialect());
             ResultSet rs = st.id("id", id).text("a", "first").integer("unused", 7).bigint("b", 42L)
                     .time("t", Instant.ofEpochSecond(5)).executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong("b")).isEqualTo(42L);
            assertThat(rs.getString("a")).isEqualTo("first");
            assertThat(rs.getString("again")).isEqualTo("first");
            assertThat(rs.getLong("t")).isEqualTo(5L);
            assertThat(rs.getString("id")).isEqualTo(id.toString());
        }
    }

    @Test
    void a_statement_with_a_name_left_unbound_does_not_run() throws SQLException {
        NamedSql sql = NamedSql.parse("SELECT :a AS a, :b AS b, :c AS c");

        try (NamedStatement st = sql.prepare(connection, new TextDialect())) {
            st.text("b", "set");
            assertThatThrownBy(st::executeQuery)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("a, c");
        }
    }

    @Test
    void each_row_of_a_batch_binds_every_name_again() throws SQLException {
        try (PreparedStatement ddl = connection.prepareStatement("CREATE TABLE t (a TEXT, b TEXT)")) {
            ddl.executeUpdate();
        }
        NamedSql insert = NamedSql.parse("INSERT INTO t (a, b) VALUES (:a, :b)");

        try (NamedStatement st = insert.prepare(connection, new TextDialect())) {
            st.text("a", "1").text("b", "1").addBatch();
            st.text("a", "2");
            assertThatThrownBy(st::addBatch).isInstanceOf(IllegalStateException.class).hasMessageContaining("b");
        }
    }

    @Test
    void a_lazy_value_is_computed_only_for_a_statement_that_uses_it() throws SQLException {
        NamedSql sql = NamedSql.parse("SELECT :a AS a");
        int[] computed = {0};

        try (NamedStatement st = sql.prepare(connection, new TextDialect());
             ResultSet rs = st.text("a", () -> "x" + ++computed[0]).text("unused", () -> "y" + ++computed[0])
                     .executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("a")).isEqualTo("x1");
        }
        assertThat(computed[0]).isEqualTo(1);
    }

    /** Ids as text, times as epoch seconds: enough to see which setter a name reached. */
    private static final class TextDialect implements SqlDialect {
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
            statement.setLong(index, time.getEpochSecond());
        }

        @Override
        public Instant getTime(ResultSet row, String column) throws SQLException {
            return Instant.ofEpochSecond(row.getLong(column));
        }

        @Override
        public String millisBetween(String from, String to) {
            return to + " - " + from;
        }

        @Override
        public String hourOf(String column) {
            return column + " / 3600";
        }

        @Override
        public String changeSeq() {
            return "0";
        }

        @Override
        public String changeHorizon() {
            return "SELECT 0";
        }

        @Override
        public long approxBytes(Connection connection) {
            return 0;
        }
    }
}
