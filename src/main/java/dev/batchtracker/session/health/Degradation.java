package dev.batchtracker.session.health;

import dev.batchtracker.session.MemoryBudget;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether the service still serves but needs attention: too many active sessions, the store at 80 % of its memory
 * budget or more, or no successful cleanup for {@link #OVERDUE_INTERVALS} intervals. A degraded instance stays ready
 * (UP); the flag is for operators.
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
     * @param memory the store's use of its memory budget; empty for a store the budget does not apply to
     * @param lastSuccessOrStart the last successful cleanup, or start-up when there has been none
     */
    public static Degradation assess(long activeSessions, int threshold, Optional<MemoryBudget.Usage> memory,
                                     Instant lastSuccessOrStart, Duration cleanupInterval, Instant now) {
        List<String> reasons = new ArrayList<>(3);
        if (activeSessions >= threshold) {
            reasons.add(activeSessions + " active sessions, at or above the degraded threshold of " + threshold);
        }
        if (memory.isPresent() && memory.get().degraded()) {
            MemoryBudget.Usage usage = memory.get();
            reasons.add(String.format(Locale.ROOT, "the store uses %.1f %% of its memory budget (%d of %d bytes, "
                            + "batch.max-store-memory); creates are refused at 100 %%",
                    usage.usedFraction() * 100, usage.usedBytes(), usage.budgetBytes()));
        }
        Duration since = Duration.between(lastSuccessOrStart, now);
        if (since.compareTo(cleanupInterval.multipliedBy(OVERDUE_INTERVALS)) > 0) {
            reasons.add("no successful cleanup for " + since.toSeconds() + " s (interval "
                    + cleanupInterval.toSeconds() + " s)");
        }
        return new Degradation(reasons);
    }
}
