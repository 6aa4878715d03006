package dev.batchtracker.session;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.store.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code batch.max-store-memory} against the store's own running estimate of its heap footprint (the memory store
 * keeps one; other stores keep none, and the budget does not apply to them). The estimate is one counter read, so
 * every create checks it; concurrent creates may each pass a check that only one of them would have passed, which
 * overshoots by a few sessions, as at {@code batch.max-sessions}. It holds nothing of its own, so the manager's
 * instance and the bean that readiness and metrics read always agree.
 */
@ApplicationScoped
public class MemoryBudget {

    /** The store's estimate against the budget, both in bytes. */
    public record Usage(long usedBytes, long budgetBytes) {

        public double usedFraction() {
            return (double) usedBytes / budgetBytes;
        }

        /** At or above 80 % of the budget (readiness reports degraded); in whole bytes, so 80 % exactly counts. */
        public boolean degraded() {
            return usedBytes >= budgetBytes - budgetBytes / 5;
        }

        public boolean full() {
            return usedBytes >= budgetBytes;
        }
    }

    private final SessionStore store;
    private final long budgetBytes;

    public MemoryBudget(SessionStore store, BatchConfig config) {
        this.store = store;
        this.budgetBytes = config.maxStoreMemory().asLongValue();
    }

    /** Empty when the store keeps no heap figure. */
    public Optional<Usage> usage() {
        OptionalLong used = store.heapFootprint();
        return used.isPresent() ? Optional.of(new Usage(used.getAsLong(), budgetBytes)) : Optional.empty();
    }

    /** Throws when the store has used its whole budget: a new session would only add to it. */
    void checkRoom() {
        Optional<Usage> usage = usage();
        if (usage.isPresent() && usage.get().full()) {
            throw new CapacityExceededException("The session store has used its memory budget (batch.max-store-memory, "
                    + usage.get().budgetBytes() + " bytes; estimated use " + usage.get().usedBytes()
                    + " bytes); retry after the cleanup has removed expired sessions");
        }
    }
}
