package dev.batchtracker.session.api.problem;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The methods each API path supports, for the Allow header a 405 must carry (Quarkus REST raises the 405 without
 * one). Kept in step with the resources by {@code AllowedMethodsTest}, which compares it with the OpenAPI contract.
 */
final class AllowedMethods {

    private static final String ID = "[^/]+";
    private static final Map<Pattern, String> ROUTES = new LinkedHashMap<>();

    static {
        route("/api/v1/parallel/sessions", "GET, HEAD, OPTIONS, POST");
        route("/api/v1/parallel/sessions/counts", "GET, HEAD, OPTIONS"); // before the id route, which it would match
        route("/api/v1/parallel/sessions/" + ID, "DELETE, OPTIONS");
        route("/api/v1/parallel/sessions/" + ID + "/(transitions|progress|heartbeat)", "OPTIONS, POST");
        route("/api/v1/parallel/sessions/" + ID + "/nodes", "GET, HEAD, OPTIONS, POST");
        route("/api/v1/parallel/sessions/" + ID + "/nodes/" + ID, "OPTIONS, PUT");
        route("/api/v1/parallel/status/" + ID, "GET, HEAD, OPTIONS");
        route("/api/v1/parallel/metrics", "GET, HEAD, OPTIONS");
        route("/api/v1/parallel/analytics", "GET, HEAD, OPTIONS");
        route("/api/v1/parallel/cleanup", "OPTIONS, POST");
        route("/dashboard/statuses\\.js", "GET, HEAD, OPTIONS");
    }

    private AllowedMethods() {
    }

    private static void route(String regex, String methods) {
        ROUTES.put(Pattern.compile(regex + "/?"), methods);
    }

    /** The Allow header value for {@code path}; empty for a path this API does not serve. */
    static Optional<String> of(String path) {
        return ROUTES.entrySet().stream()
                .filter(route -> route.getKey().matcher(path).matches())
                .map(Map.Entry::getValue)
                .findFirst();
    }
}
