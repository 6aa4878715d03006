package dev.batchtracker.session.api;

import dev.batchtracker.session.InvalidRequestException;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the API's short durations ("20s", "1500ms", "1m", or plain seconds). */
public final class Durations {
    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(ms|s|m)?");

    private Durations() {
    }

    public static Duration parseTimeout(String text, Duration fallback, Duration max) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        Matcher m = SHORT.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new InvalidRequestException("timeout", "timeout must look like 20s, 1500ms or 1m");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        Duration parsed = switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        };
        if (parsed.compareTo(max) > 0) {
            throw new InvalidRequestException("timeout", "timeout must be at most " + max.toSeconds() + "s");
        }
        return parsed;
    }
}
