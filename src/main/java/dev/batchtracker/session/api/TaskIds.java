package dev.batchtracker.session.api;

import dev.batchtracker.session.SessionNotFoundException;

import java.util.UUID;

/** Task ids on the wire: canonical lowercase-or-uppercase UUID text. Anything else names no session (404). */
public final class TaskIds {

    private static final int LENGTH = 36;

    private TaskIds() {
    }

    public static UUID parse(String text) {
        if (!isCanonical(text)) {
            throw new SessionNotFoundException(null);
        }
        return UUID.fromString(text);
    }

    /**
     * 8-4-4-4-12 hex digits. Checked by hand, not with a regular expression: every request of the API parses a
     * task id, and the matcher was a measurable part of a status read (bench/FINDINGS.md).
     */
    static boolean isCanonical(String text) {
        if (text == null || text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = text.charAt(i);
            boolean ok = (i == 8 || i == 13 || i == 18 || i == 23) ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
