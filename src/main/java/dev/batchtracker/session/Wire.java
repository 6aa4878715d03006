package dev.batchtracker.session;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The lowercase wire names of the domain's enums, defined once. The JSON edge, metric tags, health data, store
 * columns and messages all take them from here, so a name cannot drift between two of them.
 */
public final class Wire {
    private Wire() {
    }

    public static String name(Enum<?> value) {
        return value == null ? null : value.name().toLowerCase(Locale.ROOT);
    }

    public static SessionStatus sessionStatus(String field, String wire) {
        return parse(SessionStatus.class, field, wire);
    }

    public static NodeStatus nodeStatus(String field, String wire) {
        return parse(NodeStatus.class, field, wire);
    }

    public static GoneReason goneReason(String wire) {
        return parse(GoneReason.class, "reason", wire);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String wire) {
        if (wire == null) {
            return null;
        }
        for (E value : type.getEnumConstants()) {
            if (value.name().toLowerCase(Locale.ROOT).equals(wire)) {
                return value;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants()).map(Wire::name).collect(Collectors.joining(", "));
        throw new InvalidRequestException(field, field + " must be one of: " + allowed);
    }
}
