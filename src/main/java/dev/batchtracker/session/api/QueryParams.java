package dev.batchtracker.session.api;

import dev.batchtracker.session.InvalidRequestException;

/**
 * Numeric query parameters arrive as text and are parsed here, so a malformed value is a 400 naming the
 * parameter (JAX-RS would answer a failed conversion with a bare 404).
 */
public final class QueryParams {

    private QueryParams() {
    }

    /** A page size in 1..max; {@code fallback} when absent. */
    public static int limit(String text, int fallback, int max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        long value = parseLong("limit", text);
        if (value < 1 || value > max) {
            throw new InvalidRequestException("limit", "limit must be between 1 and " + max);
        }
        return (int) value;
    }

    /** An optional non-negative whole number. */
    public static Long optionalLong(String name, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        long value = parseLong(name, text);
        if (value < 0) {
            throw new InvalidRequestException(name, name + " must not be negative");
        }
        return value;
    }

    /** An optional boolean: exactly "true" or "false" (any case). */
    public static boolean flag(String name, String text, boolean fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException(name, name + " must be true or false");
        };
    }

    private static long parseLong(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException(name, name + " must be a whole number");
        }
    }
}
