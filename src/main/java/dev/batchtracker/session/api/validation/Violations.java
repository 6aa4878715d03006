package dev.batchtracker.session.api.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * Field rules of request bodies, checked by hand and collected so one 400 names every broken field.
 *
 * <p>Written out rather than declared with Bean Validation: the validator's bootstrap was the largest single step
 * of the service's start-up (about 0.4 s, bench/FINDINGS.md), for a dozen simple rules. The messages are the ones
 * Bean Validation gave, so clients see no difference.
 */
public final class Violations {

    private final List<Violation> found;
    private final String prefix;

    private Violations(List<Violation> found, String prefix) {
        this.found = found;
        this.prefix = prefix;
    }

    /** Starts the checks of a request with its body; a missing body is itself a violation of the field "body". */
    public static Violations of(Validated body) {
        Violations violations = new Violations(new ArrayList<>(), "");
        if (body == null) {
            violations.add("body", "must not be null");
        } else {
            body.validate(violations);
        }
        return violations;
    }

    /** Throws if any rule was broken. */
    public void throwIfAny() {
        if (!found.isEmpty()) {
            throw new RequestViolationException(found);
        }
    }

    public Violations notNull(String field, Object value) {
        if (value == null) {
            add(field, "must not be null");
        }
        return this;
    }

    public Violations notBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "must not be blank");
        }
        return this;
    }

    /** Length in chars between min and max; null passes (pair with {@link #notNull}). */
    public Violations size(String field, String value, int min, int max) {
        if (value != null && (value.length() < min || value.length() > max)) {
            add(field, "size must be between " + min + " and " + max);
        }
        return this;
    }

    /**
     * At most {@code max} bytes once UTF-8 encoded; null passes. Limits in KiB are byte limits: counting chars would
     * let multi-byte text take several times the room.
     */
    public Violations maxUtf8Bytes(String field, String value, int max) {
        if (value != null && utf8Length(value, max) > max) {
            add(field, "must be at most " + max + " bytes (UTF-8)");
        }
        return this;
    }

    /** Null passes. */
    public Violations atLeast(String field, Integer value, int min) {
        if (value != null && value < min) {
            add(field, "must be greater than or equal to " + min);
        }
        return this;
    }

    /** Null passes; NaN is outside every range. */
    public Violations between(String field, Double value, double min, double max) {
        if (value == null) {
            return this;
        }
        if (!(value >= min)) {
            add(field, "must be greater than or equal to " + format(min));
        } else if (!(value <= max)) {
            add(field, "must be less than or equal to " + format(max));
        }
        return this;
    }

    /** Between min and max elements; null passes (pair with {@link #notNull}). */
    public Violations count(String field, List<?> values, int min, int max) {
        if (values != null && (values.size() < min || values.size() > max)) {
            add(field, "size must be between " + min + " and " + max);
        }
        return this;
    }

    /** Checks each element of a list of bodies under {@code field[i]}; a null element is a violation. */
    public Violations eachOf(String field, List<? extends Validated> values) {
        if (values != null) {
            for (int i = 0; i < values.size(); i++) {
                String at = field + "[" + i + "]";
                Validated value = values.get(i);
                if (value == null) {
                    add(at, "must not be null");
                } else {
                    value.validate(new Violations(found, prefix + at + "."));
                }
            }
        }
        return this;
    }

    private void add(String field, String message) {
        found.add(new Violation(prefix + field, message));
    }

    private static String format(double bound) {
        return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
    }

    /** The UTF-8 length of {@code text}, or some number above {@code stopAbove} once it is clearly longer. */
    static long utf8Length(CharSequence text, long stopAbove) {
        long bytes = 0;
        for (int i = 0; i < text.length() && bytes <= stopAbove; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
