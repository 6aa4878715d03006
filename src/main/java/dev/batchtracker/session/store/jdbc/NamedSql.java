package dev.batchtracker.session.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An SQL statement with named parameters ({@code :name}), turned once into JDBC's {@code ?} form with the positions
 * of each name. A name may appear several times; {@code ::} (a PostgreSQL cast) and quoted text are left alone.
 * Statements are bound by name through {@link NamedStatement}, so no parameter index is counted by hand.
 */
final class NamedSql {

    private final String jdbc;
    private final Map<String, Integer> indexOf;
    private final List<String> names;
    private final int[][] positions;

    private NamedSql(String jdbc, LinkedHashMap<String, List<Integer>> positionsByName) {
        this.jdbc = jdbc;
        this.names = List.copyOf(positionsByName.keySet());
        this.indexOf = new HashMap<>();
        this.positions = new int[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            indexOf.put(names.get(i), i);
            positions[i] = positionsByName.get(names.get(i)).stream().mapToInt(Integer::intValue).toArray();
        }
    }

    static NamedSql parse(String named) {
        StringBuilder jdbc = new StringBuilder(named.length());
        LinkedHashMap<String, List<Integer>> positions = new LinkedHashMap<>();
        int parameter = 0;
        boolean quoted = false;
        int i = 0;
        while (i < named.length()) {
            char ch = named.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (!quoted && ch == '?') {
                throw new IllegalArgumentException("use named parameters, not '?': " + named);
            } else if (!quoted && ch == ':') {
                if (i + 1 < named.length() && named.charAt(i + 1) == ':') {
                    jdbc.append("::");
                    i += 2;
                    continue;
                }
                int end = i + 1;
                while (end < named.length() && isNamePart(named.charAt(end))) {
                    end++;
                }
                if (end == i + 1) {
                    throw new IllegalArgumentException("a ':' without a parameter name: " + named);
                }
                positions.computeIfAbsent(named.substring(i + 1, end), k -> new ArrayList<>()).add(++parameter);
                jdbc.append('?');
                i = end;
                continue;
            }
            jdbc.append(ch);
            i++;
        }
        return new NamedSql(jdbc.toString(), positions);
    }

    private static boolean isNamePart(char ch) {
        return ch >= 'a' && ch <= 'z' || ch >= '0' && ch <= '9' || ch == '_';
    }

    NamedStatement prepare(Connection connection, SqlDialect dialect) throws SQLException {
        return new NamedStatement(this, connection.prepareStatement(jdbc), dialect);
    }

    /** The statement as JDBC takes it. */
    String jdbc() {
        return jdbc;
    }

    /** The distinct parameter names, in order of first use. */
    List<String> names() {
        return names;
    }

    /** The index of a name in {@link #names()}, or -1 when this statement does not use it. */
    int indexOf(String name) {
        Integer index = indexOf.get(name);
        return index == null ? -1 : index;
    }

    /** The 1-based JDBC positions of the name at {@code index}. */
    int[] positions(int index) {
        return positions[index];
    }
}
