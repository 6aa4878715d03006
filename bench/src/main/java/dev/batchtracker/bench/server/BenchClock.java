package dev.batchtracker.bench.server;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service clock in the benchmark build: the production clock (UTC, millisecond ticks) plus an offset the
 * harness can move forward, so a million sessions can be made to expire without waiting for them. Being a plain
 * bean of type Clock it takes the place of the @DefaultBean producer.
 */
@Singleton
public class BenchClock extends Clock {

    private final Clock base = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    private final AtomicLong offsetMillis = new AtomicLong();

    public Duration advance(Duration by) {
        return Duration.ofMillis(offsetMillis.addAndGet(by.toMillis()));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the service clock is UTC");
    }

    @Override
    public Instant instant() {
        return base.instant().plusMillis(offsetMillis.get());
    }

    @Override
    public long millis() {
        return base.millis() + offsetMillis.get();
    }
}
