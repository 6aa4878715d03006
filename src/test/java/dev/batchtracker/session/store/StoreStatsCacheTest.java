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
    void figuresSayWhenTheirWalkWasTaken() {
        Instant before = clock.instant();
        StoreStatsCache.Figures first = cache.figures();
        assertThat(first.asOf()).isBetween(before, clock.instant());

        clock.advance(StoreStatsCache.MAX_AGE.minusSeconds(1));
        assertThat(cache.figures().asOf()).as("the same walk, reused").isEqualTo(first.asOf());

        clock.advance(Duration.ofSeconds(1));
        Instant later = clock.instant();
        assertThat(cache.figures().asOf()).isAfterOrEqualTo(later);
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
