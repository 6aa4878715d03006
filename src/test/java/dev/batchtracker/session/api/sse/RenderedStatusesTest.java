package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.testing.SettableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class RenderedStatusesTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final RenderedStatuses<String> rendered = new RenderedStatuses<>(clock);
    private final AtomicInteger renderings = new AtomicInteger();
    private final Function<Session, String> render =
            s -> "v" + s.version() + "#" + renderings.incrementAndGet();

    @Test
    void oneVersionIsRenderedOnceForManySubscribers() {
        Session v1 = ConflatingStreamTest.session(1, SessionStatus.RUNNING);
        for (int subscriber = 0; subscriber < 1_000; subscriber++) {
            assertThat(rendered.of(v1, render)).isEqualTo("v1#1");
        }
        assertThat(renderings).hasValue(1);
    }

    @Test
    void aNewVersionIsRenderedAgain() {
        rendered.of(ConflatingStreamTest.session(1, SessionStatus.RUNNING), render);
        assertThat(rendered.of(ConflatingStreamTest.session(2, SessionStatus.RUNNING), render)).isEqualTo("v2#2");
        // The slot now holds version 2: a late subscriber to version 1 gets its own rendering, never version 2's.
        assertThat(rendered.of(ConflatingStreamTest.session(1, SessionStatus.RUNNING), render)).isEqualTo("v1#3");
    }

    @Test
    void aRenderingIsReusedForAtMostOneSecondOfTheServiceClock() {
        Session v1 = ConflatingStreamTest.session(1, SessionStatus.RUNNING);
        rendered.of(v1, render);
        clock.advance(RenderedStatuses.MAX_AGE);
        assertThat(rendered.of(v1, render)).isEqualTo("v1#1");
        clock.advance(Duration.ofMillis(1));
        assertThat(rendered.of(v1, render)).as("figures such as stale depend on the time").isEqualTo("v1#2");
        clock.advance(Duration.ofMinutes(-5));
        assertThat(rendered.of(v1, render)).as("a clock set back is not a recent rendering").isEqualTo("v1#3");
    }
}
