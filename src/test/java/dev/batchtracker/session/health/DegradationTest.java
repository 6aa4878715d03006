package dev.batchtracker.session.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DegradationTest {

    private static final Instant NOW = Instant.parse("2030-01-01T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(60);

    @Test
    void healthyBelowTheThresholdWithARecentCleanup() {
        Degradation d = Degradation.assess(999, 1000, NOW.minusSeconds(60), INTERVAL, NOW);
        assertThat(d.degraded()).isFalse();
        assertThat(d.reasons()).isEmpty();
    }

    @Test
    void degradedAtTheThreshold() {
        Degradation d = Degradation.assess(1000, 1000, NOW, INTERVAL, NOW);
        assertThat(d.degraded()).isTrue();
        assertThat(d.reasons()).singleElement().asString().contains("1000 active sessions");
    }

    @Test
    void degradedWhenTheLastSuccessIsOlderThanFiveIntervals() {
        assertThat(Degradation.assess(0, 1000, NOW.minus(INTERVAL.multipliedBy(5)), INTERVAL, NOW).degraded())
                .as("exactly five intervals is still fine").isFalse();
        Degradation d = Degradation.assess(0, 1000, NOW.minus(INTERVAL.multipliedBy(5)).minusMillis(1), INTERVAL, NOW);
        assertThat(d.degraded()).isTrue();
        assertThat(d.reasons()).singleElement().asString().contains("no successful cleanup");
    }

    @Test
    void bothReasonsAreGiven() {
        Degradation d = Degradation.assess(5000, 1000, NOW.minus(Duration.ofHours(1)), INTERVAL, NOW);
        assertThat(d.reasons()).hasSize(2);
    }

    @Test
    void aLastSuccessInTheFutureIsNotOverdue() {
        assertThat(Degradation.assess(0, 1000, NOW.plus(Duration.ofHours(1)), INTERVAL, NOW).degraded()).isFalse();
    }
}
