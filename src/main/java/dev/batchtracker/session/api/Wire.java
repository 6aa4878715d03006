package dev.batchtracker.session.api;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.SessionStatus;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The lowercase wire names of the domain's enums. They exist here, at the JSON edge, and nowhere else. */
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
