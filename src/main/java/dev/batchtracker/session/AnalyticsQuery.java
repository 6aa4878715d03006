package dev.batchtracker.session;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which finished sessions an analytics report is about: those matching {@code filter} whose {@code finished_at} lies
 * in {@code [since, until)}. A session is in at most one window of a series of adjacent ones, and one still running
 * is in none.
 */
public record AnalyticsQuery(SessionFilter filter, Instant since, Instant until) {

    /** Long enough for a month of history; short enough that the hourly series stays small (745 points). */
    public static final Duration MAX_WINDOW = Duration.ofDays(31);

    public AnalyticsQuery {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (!since.isBefore(until)) {
            throw new InvalidRequestException("since", "since must be before until");
        }
        if (Duration.between(since, until).compareTo(MAX_WINDOW) > 0) {
            throw new InvalidRequestException("since", "the window from since to until is at most 31 days");
        }
    }

    /** Whether a session is in the window and matches the filter: the reference meaning stores must agree with. */
    public boolean includes(Session session) {
        Instant finished = session.timeline().finishedAt();
        return finished != null && !finished.isBefore(since) && finished.isBefore(until) && filter.matches(session);
    }

    public Duration window() {
        return Duration.between(since, until);
    }
}
