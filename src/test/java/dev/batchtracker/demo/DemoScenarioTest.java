package dev.batchtracker.demo;

import dev.batchtracker.session.SessionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.random.RandomGenerator;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripted scenarios decide what the demo promises, whatever the random numbers do. */
class DemoScenarioTest {

    /** Always answers the same double, so a test can force "every node would fail" or "none would". */
    private static RandomGenerator always(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void cleanNeverFailsAndFlakyFailsExactlyItsSecondNodeWhenLuckIsGood() {
        RandomGenerator unlucky = always(0.0);
        RandomGenerator lucky = always(0.999);
        assertThat(IntStream.range(0, 50).anyMatch(i -> DemoScenario.CLEAN.nodeFails(i, 1.0, unlucky))).isFalse();
        assertThat(DemoScenario.FLAKY.nodeFails(0, 1.0, unlucky)).isFalse();
        assertThat(DemoScenario.FLAKY.nodeFails(1, 0.0, lucky)).isTrue();
        assertThat(IntStream.range(2, 50).anyMatch(i -> DemoScenario.FLAKY.nodeFails(i, 0.05, lucky))).isFalse();
        assertThat(DemoScenario.ORGANIC.nodeFails(3, 0.05, unlucky)).isTrue();
        assertThat(DemoScenario.ORGANIC.nodeFails(3, 0.05, lucky)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = DemoScenario.class, names = {"ABORTED", "CANCELLED", "STALLED"})
    void interruptingScenariosStopAfterTheFirstNodeAndBeforeTheLast(DemoScenario scenario) {
        for (int total = 2; total <= 60; total++) {
            int t = total;
            int first = IntStream.rangeClosed(0, total).filter(f -> scenario.interruptsAfter(f, t)).findFirst()
                    .orElseThrow();
            assertThat(first).as("total %d", total).isBetween(1, total - 1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = DemoScenario.class, names = {"ORGANIC", "CLEAN", "FLAKY"})
    void runToTheEndScenariosNeverInterrupt(DemoScenario scenario) {
        assertThat(IntStream.rangeClosed(0, 40).anyMatch(f -> scenario.interruptsAfter(f, 40))).isFalse();
        assertThat(scenario.interruptTo()).isEmpty();
    }

    @Test
    void abortedEndsFailedCancelledEndsCancelledStalledJustGoesSilent() {
        assertThat(DemoScenario.ABORTED.interruptTo()).contains(SessionStatus.FAILED);
        assertThat(DemoScenario.CANCELLED.interruptTo()).contains(SessionStatus.CANCELLED);
        assertThat(DemoScenario.STALLED.interruptTo()).isEmpty();
    }
}
