package dev.batchtracker.session.store;

import dev.batchtracker.config.BatchConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The store's figures, taken at most once per {@link #MAX_AGE} of the service clock. {@link SessionStore#stats}
 * walks every session on the memory store (and aggregates over tables or keys elsewhere), while a Prometheus
 * scrape reads a dozen gauges, readiness probes arrive every few seconds and dashboards poll the metrics document:
 * they all share one walk. Figures are therefore up to five seconds old (a walk of 100,000 sessions with ten
 * nodes each took about a quarter of a second on a 2-core test machine), and say when they were taken. The
 * counters a store keeps as it writes need no walk and are not cached here: see {@link SessionStore#totals}.
 * <p>
 * One caller refreshes at a time; others meanwhile get the previous figures rather than start a second walk.
 */
@ApplicationScoped
public class StoreStatsCache {

    public static final Duration MAX_AGE = Duration.ofSeconds(5);

    /** One walk's figures, and the instant of the service clock they describe. */
    public record Figures(StoreStats stats, Instant asOf) {
    }

    private final SessionStore store;
    private final Clock clock;
    private final Duration staleAfter;
    private final AtomicReference<Figures> latest = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();

    public StoreStatsCache(SessionStore store, Clock clock, BatchConfig config) {
        this.store = store;
        this.clock = clock;
        this.staleAfter = config.staleAfter();
    }

    /** Figures no older than {@link #MAX_AGE}, unless another caller is taking newer ones right now. */
    public StoreStats current() {
        return figures().stats();
    }

    /** As {@link #current}, with the instant they were taken. */
    public Figures figures() {
        Instant now = clock.instant();
        Figures taken = latest.get();
        if (taken != null && isFresh(taken, now)) {
            return taken;
        }
        if (!refreshing.compareAndSet(false, true)) {
            return taken != null ? taken : take(now);
        }
        try {
            Figures next = take(now);
            latest.set(next);
            return next;
        } finally {
            refreshing.set(false);
        }
    }

    /** Forgets the figures, after something that surely changed them (a cleanup run). */
    public void invalidate() {
        latest.set(null);
    }

    private Figures take(Instant now) {
        return new Figures(store.stats(now, now.minus(staleAfter)), now);
    }

    private static boolean isFresh(Figures taken, Instant now) {
        // A clock set back (tests do) makes the figures look as if from the future: take new ones then too.
        return !now.isBefore(taken.asOf()) && Duration.between(taken.asOf(), now).compareTo(MAX_AGE) < 0;
    }
}
