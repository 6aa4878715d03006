package dev.batchtracker.session.cleanup;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps this instance's {@link CleanupHistory}. Created at start-up so that "no successful cleanup for five
 * intervals" is measured from when the instance started, not from when someone first asked.
 */
@Startup
@ApplicationScoped
public class CleanupTracker {

    private final Clock clock;
    private final AtomicReference<CleanupHistory> history;

    public CleanupTracker(Clock clock) {
        this.clock = clock;
        this.history = new AtomicReference<>(CleanupHistory.startingAt(clock.instant()));
    }

    public CleanupHistory history() {
        return history.get();
    }

    void recordRun(long durationMs, boolean success) {
        var endedAt = clock.instant();
        history.updateAndGet(h -> h.after(endedAt, durationMs, success));
    }
}
