package dev.batchtracker.session.api.security;

import java.util.Locale;

/**
 * Which requests need the write token. Writes anywhere under /api/v1, plus the reads that span sessions (the
 * session list and its counts, metrics) and cleanup. Reading one session by its id (status JSON, SSE, its nodes) stays open:
 * the random UUID4 is the capability, and dashboards must be able to follow a session without the token.
 */
public final class ProtectedRequests {

    private static final String API = "/api/v1/";
    private static final String SESSIONS = "/api/v1/parallel/sessions";
    private static final String COUNTS = SESSIONS + "/counts";
    private static final String METRICS = "/api/v1/parallel/metrics";
    private static final String CLEANUP = "/api/v1/parallel/cleanup";
    private static final String ANALYTICS = "/api/v1/parallel/analytics";

    private ProtectedRequests() {
    }

    public static boolean needsToken(String method, String path) {
        String normalized = trimTrailingSlash(path);
        if (!normalized.startsWith(API)) {
            return false;
        }
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD" -> normalized.equals(SESSIONS) || normalized.equals(COUNTS)
                    || normalized.equals(METRICS)
                    || normalized.equals(ANALYTICS)
                    || normalized.equals(CLEANUP);
            case "OPTIONS" -> false;
            default -> true; // POST, PUT, PATCH, DELETE and anything else that may change state
        };
    }

    private static String trimTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
