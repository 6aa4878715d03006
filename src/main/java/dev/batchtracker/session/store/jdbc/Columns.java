package dev.batchtracker.session.store.jdbc;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A table's column names, listed once, and the SQL fragments made from them. The fragments use each column's own
 * name as its parameter name ({@code :name}), so a row binds by column name (see {@link NamedSql}).
 */
record Columns(List<String> names) {

    Columns {
        names = List.copyOf(names);
    }

    static Columns of(String... names) {
        return new Columns(List.of(names));
    }

    /** These columns but the ones named. */
    Columns without(String... excluded) {
        List<String> left = List.of(excluded);
        return new Columns(names.stream().filter(name -> !left.contains(name)).toList());
    }

    /** {@code a, b, c}: for SELECT and RETURNING lists and INSERT column lists. */
    String list() {
        return String.join(", ", names);
    }

    /** {@code t.a, t.b, t.c}: a SELECT list of a join, the columns taken from the table aliased {@code alias}. */
    String list(String alias) {
        return names.stream().map(name -> alias + "." + name).collect(Collectors.joining(", "));
    }

    /** {@code :a, :b, :c}: the VALUES of an INSERT. */
    String params() {
        return names.stream().map(name -> ":" + name).collect(Collectors.joining(", "));
    }

    /** {@code a = :a, b = :b}: the SET of an UPDATE. */
    String assignments() {
        return names.stream().map(name -> name + " = :" + name).collect(Collectors.joining(", "));
    }

    /** {@code a = excluded.a, b = excluded.b}: the SET of an upsert's conflict branch. */
    String fromExcluded() {
        return names.stream().map(name -> name + " = excluded." + name).collect(Collectors.joining(", "));
    }
}
