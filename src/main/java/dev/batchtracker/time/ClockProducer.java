package dev.batchtracker.time;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.Clock;
import java.time.Duration;

/** The service's one source of time. Tests replace it with a settable clock to move time instead of waiting. */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    Clock clock() {
        // Millisecond ticks: every store keeps times at that precision, so a value reads back as it was written.
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }
}
