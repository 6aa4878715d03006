package dev.batchtracker.session.api;

import dev.batchtracker.session.SessionNotFoundException;

import java.util.UUID;
import java.util.regex.Pattern;

/** Task ids on the wire: canonical lowercase-or-uppercase UUID text. Anything else names no session (404). */
public final class TaskIds {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private TaskIds() {
    }

    public static UUID parse(String text) {
        if (text == null || !UUID_TEXT.matcher(text).matches()) {
            throw new SessionNotFoundException(null);
        }
        return UUID.fromString(text);
    }
}
