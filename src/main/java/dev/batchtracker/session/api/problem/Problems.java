package dev.batchtracker.session.api.problem;

import dev.batchtracker.session.CapacityExceededException;
import dev.batchtracker.session.ConcurrentUpdateException;
import dev.batchtracker.session.ConflictException;
import dev.batchtracker.session.IllegalTransitionException;
import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.SessionGoneException;
import dev.batchtracker.session.FeedResyncException;
import dev.batchtracker.session.SessionNotFoundException;
import dev.batchtracker.session.StoreUnavailableException;
import dev.batchtracker.session.UnprocessableException;
import dev.batchtracker.session.Wire;

import java.time.Duration;
import java.util.List;

/**
 * How each kind of failure reads on the wire: status, type, title, and the extension members a client needs to
 * react (field, current_status, allowed_transitions, reason, code, Retry-After). Pure functions; the mapper
 * that calls them is {@link ProblemMappers}.
 */
public final class Problems {

    /** Retry-After for a write that lost too many version races: contention on one session passes quickly. */
    static final Duration CONTENTION_RETRY = Duration.ofSeconds(1);
    /** Retry-After while the store cannot be reached. */
    static final Duration STORE_RETRY = Duration.ofSeconds(5);

    private Problems() {
    }

    public static Problem invalid(String field, String detail) {
        return Problem.of(400, "invalid-request", "Invalid request", detail).with("field", field);
    }

    public static Problem invalid(InvalidRequestException e) {
        return invalid(e.field(), e.getMessage());
    }

    public static Problem unauthorized(String detail, String challenge) {
        return Problem.of(401, "unauthorized", "Unauthorized", detail).header("WWW-Authenticate", challenge);
    }

    public static Problem notFound(SessionNotFoundException e) {
        return notFound("No such session");
    }

    public static Problem notFound(String detail) {
        return Problem.of(404, "not-found", "Not Found", detail);
    }

    /** 410 with reason {@code resync}: the feed's position is older than what the store keeps. */
    public static Problem resync(FeedResyncException e) {
        return Problem.of(410, "gone", "Gone", e.getMessage()).with("reason", "resync");
    }

    public static Problem gone(SessionGoneException e) {
        String reason = Wire.name(e.reason());
        String detail = e.reason() == dev.batchtracker.session.GoneReason.DELETED
                ? "The session was deleted"
                : "The session expired: no write within the session timeout, or its retention after finishing ended";
        return Problem.of(410, "gone", "Gone", detail)
                .with("task_id", e.taskId().toString())
                .with("reason", reason);
    }

    public static Problem illegalTransition(IllegalTransitionException e) {
        List<String> allowed = e.from().allowedTransitions().stream().map(Wire::name).sorted().toList();
        String detail = "A " + Wire.name(e.from()) + " session cannot move to " + Wire.name(e.to())
                + (allowed.isEmpty() ? "; it is finished" : "; allowed: " + String.join(", ", allowed));
        return Problem.of(409, "illegal-transition", "Illegal status transition", detail)
                .with("code", "illegal-transition")
                .with("current_status", Wire.name(e.from()))
                .with("requested_status", Wire.name(e.to()))
                .with("allowed_transitions", allowed);
    }

    public static Problem conflict(ConflictException e) {
        return Problem.of(409, e.code(), "Conflict", e.getMessage()).with("code", e.code()).with("item", e.item());
    }

    public static Problem unprocessable(UnprocessableException e) {
        return Problem.of(422, e.code(), "Unprocessable request", e.getMessage()).with("code", e.code())
                .with("item", e.item());
    }

    public static Problem capacity(CapacityExceededException e, Duration retryAfter) {
        return unavailable("capacity-exceeded", e.getMessage(), retryAfter);
    }

    public static Problem contention(ConcurrentUpdateException e) {
        return unavailable("concurrent-update", e.getMessage(), CONTENTION_RETRY);
    }

    public static Problem storeUnavailable(StoreUnavailableException e) {
        // The store's own message may carry host names or SQL; the client learns only that it should retry.
        return unavailable("store-unavailable", "The session store is unavailable; retry later", STORE_RETRY);
    }

    private static Problem unavailable(String slug, String detail, Duration retryAfter) {
        return Problem.of(503, slug, "Service Unavailable", detail)
                .with("code", slug)
                .header("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds())));
    }

    public static Problem internal(String errorId) {
        return Problem.of(500, "internal-error", "Internal Server Error",
                        "The request failed unexpectedly; the error was logged")
                .with("error_id", errorId);
    }

    /** For HTTP-level failures (no route, wrong method, media types, size) that carry only a status. */
    public static Problem http(int status) {
        return switch (status) {
            case 400 -> Problem.of(400, "invalid-request", "Invalid request", "The request is malformed");
            case 401 -> Problem.of(401, "unauthorized", "Unauthorized", "Authentication is required");
            case 403 -> Problem.of(403, "forbidden", "Forbidden", "The request is not allowed");
            case 404 -> notFound("No resource at this path");
            case 405 -> Problem.of(405, "method-not-allowed", "Method Not Allowed",
                    "This path does not support the request's method");
            case 406 -> Problem.of(406, "not-acceptable", "Not Acceptable",
                    "No representation matches the Accept header; this API speaks application/json"
                            + " (and text/event-stream on status URLs and the sessions list)");
            case 413 -> Problem.of(413, "payload-too-large", "Payload Too Large", "The request body is too large");
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported Media Type",
                    "Send request bodies as application/json");
            default -> status >= 500
                    ? Problem.of(status, "server-error", "Server Error", "The request could not be served")
                    : Problem.of(status, "http-" + status, "HTTP " + status, "The request could not be served");
        };
    }

    public static Problem payloadTooLarge(long limitBytes) {
        return Problem.of(413, "payload-too-large", "Payload Too Large",
                "Request bodies are limited to " + limitBytes + " bytes").with("max_body_bytes", limitBytes);
    }
}
