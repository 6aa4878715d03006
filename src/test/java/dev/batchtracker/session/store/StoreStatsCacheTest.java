package dev.batchtracker.session.store;

import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.ForwardingSessionStore;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.TestBatchConfig;
import org.junit.jupiter.api.Test;

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
    private final StoreStatsCache cache = new StoreStatsCache(store, clock, TestBatchConfig.defaults());

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
}
