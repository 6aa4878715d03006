package dev.batchtracker.session.api;

import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.Labels;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Wire;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The filter query of the session collection ({@code status}, {@code label}, {@code canvas_path_prefix},
 * {@code created_after}, {@code created_before}), parsed once for every endpoint that takes it: the list, the
 * counts and any feed of the same collection. A bad value is a 400 naming its parameter.
 */
public final class SessionFilterParams {

    public static final String STATUS = "status";
    public static final String LABEL = "label";
    public static final String CANVAS_PATH_PREFIX = "canvas_path_prefix";
    public static final String CREATED_AFTER = "created_after";
    public static final String CREATED_BEFORE = "created_before";
    /** More selectors than a session can have labels could never match; the bound keeps a query small. */
    static final int MAX_LABEL_SELECTORS = Labels.MAX_ENTRIES;

    private SessionFilterParams() {
    }

    /**
     * @param query the raw query parameters, each name with every value it was given (as JAX-RS's
     *        {@code UriInfo.getQueryParameters()} gives them); names it does not know are left alone
     */
    public static SessionFilter parse(Map<String, List<String>> query) {
        Set<SessionStatus> statuses = EnumSet.noneOf(SessionStatus.class);
        for (String value : values(query, STATUS)) {
            if (!value.isEmpty()) {
                statuses.add(Wire.sessionStatus(STATUS, value));
            }
        }
        List<String> labelValues = values(query, LABEL);
        if (labelValues.size() > MAX_LABEL_SELECTORS) {
            throw new InvalidRequestException(LABEL, "at most " + MAX_LABEL_SELECTORS + " label selectors");
        }
        List<SessionFilter.LabelSelector> labels = new ArrayList<>(labelValues.size());
        for (String value : labelValues) {
            labels.add(selector(value));
        }
        String prefix = single(query, CANVAS_PATH_PREFIX);
        if (prefix != null && (prefix.isEmpty() || prefix.length() > Limits.CANVAS_PATH_CHARS)) {
            throw new InvalidRequestException(CANVAS_PATH_PREFIX,
                    CANVAS_PATH_PREFIX + " must be 1 to " + Limits.CANVAS_PATH_CHARS + " characters");
        }
        return new SessionFilter(statuses, labels, prefix, instant(query, CREATED_AFTER),
                instant(query, CREATED_BEFORE));
    }

    /** {@code key:value}, or {@code key} alone for "the key is present"; the value may hold colons. */
    private static SessionFilter.LabelSelector selector(String text) {
        int colon = text.indexOf(':');
        String key = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? null : text.substring(colon + 1);
        Labels.checkKey(LABEL, key);
        if (value != null && value.length() > Labels.MAX_VALUE_LENGTH) {
            throw new InvalidRequestException(LABEL, "a label value has at most " + Labels.MAX_VALUE_LENGTH
                    + " characters");
        }
        return new SessionFilter.LabelSelector(key, value);
    }

    /** The one ISO-8601 instant given as {@code name}; null when absent. */
    static Instant instant(Map<String, List<String>> query, String name) {
        String text = single(query, name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(name, name + " must be an ISO-8601 instant, e.g. 2026-01-31T12:00:00Z");
        }
    }

    private static List<String> values(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null ? List.of() : values;
    }

    /** The one value of a parameter that is not repeatable; null when absent. */
    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = values(query, name);
        if (values.size() > 1) {
            throw new InvalidRequestException(name, name + " is given more than once");
        }
        return values.isEmpty() ? null : values.get(0);
    }
}
