package dev.batchtracker.session;

import dev.batchtracker.testing.ForwardingSessionStore;
import dev.batchtracker.testing.TestBatchConfig;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** batch.max-store-memory: degraded from 80 % of the budget, creates refused at 100 %, on the memory store only. */
class MemoryBudgetTest {

    /** Room for a handful of one-node sessions above the store's 4 KiB base. */
    private static final long BUDGET = 8_000;

    @Test
    void degradedFromEightyPercentFullAtOneHundred() {
        assertThat(new MemoryBudget.Usage(799, 1000).degraded()).isFalse();
        assertThat(new MemoryBudget.Usage(800, 1000).degraded()).isTrue();
        // 80 % of 1001 is 800.8 bytes: 800 is below it, 801 above.
        assertThat(new MemoryBudget.Usage(800, 1001).degraded()).isFalse();
        assertThat(new MemoryBudget.Usage(801, 1001).degraded()).isTrue();
        assertThat(new MemoryBudget.Usage(999, 1000).full()).isFalse();
        assertThat(new MemoryBudget.Usage(1000, 1000).full()).isTrue();
        assertThat(new MemoryBudget.Usage(250, 1000).usedFraction()).isEqualTo(0.25);
        assertThat(new MemoryBudget.Usage(Long.MAX_VALUE, Long.MAX_VALUE).degraded()).as("no overflow").isTrue();
    }

    @Test
    void aCreateAtTheFullBudgetIsRefusedAndRoomMadeByADeleteIsUsable() {
        ManagerHarness h = new ManagerHarness(TestBatchConfig.defaults().withMaxStoreMemory(BUDGET));
        MemoryBudget budget = new MemoryBudget(h.store, h.config);
        Session first = h.create(1);
        int created = 1;
        while (!budget.usage().orElseThrow().full()) {
            h.create(1);
            created++;
        }
        assertThat(created).as("several sessions fit before the budget is used").isGreaterThan(3);

        CapacityExceededException refused = catchThrowableOfType(() -> h.create(1), CapacityExceededException.class);
        assertThat(refused).isNotNull();
        assertThat(refused.getMessage()).contains("memory budget", "batch.max-store-memory", "8000 bytes");
        assertThat(h.store.count()).isEqualTo(created);

        h.manager.delete(first.id());
        assertThat(budget.usage().orElseThrow().full()).isFalse();
        assertThat(h.create(1).status()).isEqualTo(SessionStatus.PENDING);
    }

    @Test
    void theUsageIsTheStoresRunningEstimateAgainstTheSetting() {
        ManagerHarness h = new ManagerHarness(TestBatchConfig.defaults().withMaxStoreMemory(BUDGET));
        h.create(1);
        MemoryBudget.Usage usage = new MemoryBudget(h.store, h.config).usage().orElseThrow();
        assertThat(usage.budgetBytes()).isEqualTo(BUDGET);
        assertThat(usage.usedBytes()).isEqualTo(h.store.heapFootprint().orElseThrow())
                .isEqualTo(h.store.stats(h.clock.instant(), h.clock.instant()).approxBytes());
    }

    @Test
    void aStoreWithoutAHeapFigureHasNoBudget() {
        ManagerHarness h = new ManagerHarness(TestBatchConfig.defaults().withMaxStoreMemory(1));
        ForwardingSessionStore withoutFigure = new ForwardingSessionStore(h.store) {
            @Override
            public OptionalLong heapFootprint() {
                return OptionalLong.empty();
            }
        };
        assertThat(new MemoryBudget(withoutFigure, h.config).usage()).isEmpty();

        assertThat(catchThrowableOfType(() -> h.create(1), CapacityExceededException.class))
                .as("the memory store itself is over a one-byte budget").isNotNull();
        assertThat(h.sharing(withoutFigure).create(1).status()).isEqualTo(SessionStatus.PENDING);
    }
}
