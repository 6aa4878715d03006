package dev.batchtracker.session.health;

import dev.batchtracker.session.MemoryBudget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DegradationTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(60);
    private static final Optional<MemoryBudget.Usage> NO_BUDGET = Optional.empty();

    @Test
    void healthyBelowTheThresholdWithARecentCleanup() {
        Degradation d = Degradation.assess(999, 1000, NO_BUDGET, NOW.minusSeconds(60), INTERVAL, NOW);
        assertThat(d.degraded()).isFalse();
        assertThat(d.reasons()).isEmpty();
    }

    @Test
    void degradedAtTheThreshold() {
        Degradation d = Degradation.assess(1000, 1000, NO_BUDGET, NOW, INTERVAL, NOW);
        assertThat(d.degraded()).isTrue();
        assertThat(d.reasons()).singleElement().asString().contains("1000 active sessions");
    }

    @Test
    void degradedWhenTheLastSuccessIsOlderThanFiveIntervals() {
        assertThat(Degradation.assess(0, 1000, NO_BUDGET, NOW.minus(INTERVAL.multipliedBy(5)), INTERVAL, NOW)
                .degraded())
                .as("exactly five intervals is still fine").isFalse();
        Degradation d = Degradation.assess(0, 1000, NO_BUDGET, NOW.minus(INTERVAL.multipliedBy(5)).minusMillis(1),
                INTERVAL, NOW);
        assertThat(d.degraded()).isTrue();
        assertThat(d.reasons()).singleElement().asString().contains("no successful cleanup");
    }

    @Test
    void bothReasonsAreGiven() {
        Degradation d = Degradation.assess(5000, 1000, NO_BUDGET, NOW.minus(Duration.ofHours(1)), INTERVAL, NOW);
        assertThat(d.reasons()).hasSize(2);
    }

    @Test
    void aLastSuccessInTheFutureIsNotOverdue() {
        assertThat(Degradation.assess(0, 1000, NO_BUDGET, NOW.plus(Duration.ofHours(1)), INTERVAL, NOW).degraded())
                .isFalse();
    }

    @Test
    void degradedFromEightyPercentOfTheMemoryBudget() {
        assertThat(Degradation.assess(0, 1000, Optional.of(new MemoryBudget.Usage(799, 1000)), NOW, INTERVAL, NOW)
                .degraded()).isFalse();
        Degradation d = Degradation.assess(0, 1000, Optional.of(new MemoryBudget.Usage(800, 1000)), NOW, INTERVAL,
                NOW);
        assertThat(d.reasons()).singleElement().asString()
                .contains("80.0 % of its memory budget", "800 of 1000 bytes", "batch.max-store-memory");
    }

    @Test
    void theBudgetCountsForNothingWhereItDoesNotApply() {
        Degradation d = Degradation.assess(5000, 1000, NO_BUDGET, NOW.minus(Duration.ofHours(1)), INTERVAL, NOW);
        assertThat(d.reasons()).noneMatch(reason -> reason.contains("memory"));
        assertThat(Degradation.assess(5000, 1000, Optional.of(new MemoryBudget.Usage(1000, 1000)),
                NOW.minus(Duration.ofHours(1)), INTERVAL, NOW).reasons()).hasSize(3);
    }
}
