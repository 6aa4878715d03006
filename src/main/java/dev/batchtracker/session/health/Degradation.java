package dev.batchtracker.session.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the service still serves but needs attention: too many active sessions, or no successful cleanup for
 * {@link #OVERDUE_INTERVALS} intervals. A degraded instance stays ready (UP); the flag is for operators.
 *
 * @param reasons empty when not degraded
 */
public record Degradation(List<String> reasons) {

    static final int OVERDUE_INTERVALS = 5;

    public Degradation {
        reasons = List.copyOf(reasons);
    }

    public boolean degraded() {
        return !reasons.isEmpty();
    }

    /**
     * @param lastSuccessOrStart the last successful cleanup, or start-up when there has been none
     */
    public static Degradation assess(long activeSessions, int threshold, Instant lastSuccessOrStart,
                                     Duration cleanupInterval, Instant now) {
        List<String> reasons = new ArrayList<>(2);
        if (activeSessions >= threshold) {
            reasons.add(activeSessions + " active sessions, at or above the degraded threshold of " + threshold);
        }
        Duration since = Duration.between(lastSuccessOrStart, now);
        if (since.compareTo(cleanupInterval.multipliedBy(OVERDUE_INTERVALS)) > 0) {
            reasons.add("no successful cleanup for " + since.toSeconds() + " s (interval "
                    + cleanupInterval.toSeconds() + " s)");
        }
        return new Degradation(reasons);
    }
}
