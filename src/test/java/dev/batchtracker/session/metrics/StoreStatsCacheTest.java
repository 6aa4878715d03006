package dev.batchtracker.session.metrics;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.store.StoreStats;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.ForwardingSessionStore;
import dev.batchtracker.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class StoreStatsCacheTest {

    private final MutableClock clock = new MutableClock();
    private final AtomicInteger walks = new AtomicInteger();
    private final ForwardingSessionStore store = new ForwardingSessionStore(new InMemorySessionStore()) {
        @Override
        public StoreStats stats(Instant now, Instant staleBefore) {
            walks.incrementAndGet();
            return super.stats(now, staleBefore);
        }
    };
    private final StoreStatsCache cache = new StoreStatsCache(store, clock, staleAfterTwoMinutes());

    @Test
    void readsWithinTheMaximumAgeShareOneWalk() {
        for (int i = 0; i < 20; i++) {
            cache.current();
        }
        assertThat(walks).hasValue(1);
    }

    @Test
    void takesNewFiguresOnceTheyAreTooOld() {
        cache.current();
        clock.advance(StoreStatsCache.MAX_AGE);
        cache.current();
        assertThat(walks).hasValue(2);
    }

    @Test
    void takesNewFiguresWhenTheClockWentBack() {
        clock.advance(Duration.ofHours(1));
        cache.current();
        clock.reset();
        cache.current();
        assertThat(walks).hasValue(2);
    }

    @Test
    void invalidateForcesANewWalk() {
        cache.current();
        cache.invalidate();
        cache.current();
        assertThat(walks).hasValue(2);
    }

    /** Only staleAfter is read by the cache; every other call would be a test bug. */
    private static BatchConfig staleAfterTwoMinutes() {
        return (BatchConfig) Proxy.newProxyInstance(BatchConfig.class.getClassLoader(), new Class<?>[]{BatchConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("staleAfter")) {
                        return Duration.ofMinutes(2);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
