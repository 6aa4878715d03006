package dev.batchtracker.session;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The searchable part of a session's description: a flat map of short keys to short strings, fixed at creation.
 * Free-form data belongs in metadata; labels are what lists, counts and feeds filter on, so their shape is narrow
 * enough for every store to index them.
 *
 * @param entries sorted by key, so stored and transmitted forms are stable
 */
public record Labels(Map<String, String> entries) {

    public static final int MAX_ENTRIES = 16;
    public static final int MAX_VALUE_LENGTH = 128;
    /** Lowercase letters and digits, with {@code . _ / -} inside; at most 63 characters. */
    public static final Pattern KEY = Pattern.compile("[a-z0-9]([a-z0-9._/-]{0,61}[a-z0-9])?");
    public static final Labels NONE = new Labels(Map.of());

    public Labels {
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
    }

    /**
     * Checked labels from a request.
     *
     * @throws InvalidRequestException naming {@code labels} or {@code labels.<key>}
     */
    public static Labels of(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return NONE;
        }
        if (entries.size() > MAX_ENTRIES) {
            throw new InvalidRequestException("labels", "labels must have at most " + MAX_ENTRIES + " entries");
        }
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            checkKey("labels", entry.getKey());
            String value = entry.getValue();
            if (value == null || value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidRequestException("labels." + entry.getKey(),
                        "a label value must be a string of at most " + MAX_VALUE_LENGTH + " characters");
            }
        }
        return new Labels(entries);
    }

    /** @throws InvalidRequestException naming {@code field} when {@code key} is not a valid label key */
    public static void checkKey(String field, String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new InvalidRequestException(field, "a label key must match " + KEY.pattern() + ", got: " + key);
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
