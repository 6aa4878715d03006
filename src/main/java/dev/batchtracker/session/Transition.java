package dev.batchtracker.session;

import java.time.Instant;

/** One entry of a session's history. {@code reason} may be null. */
public record Transition(SessionStatus from, SessionStatus to, Instant at, String reason) {
}
