package dev.batchtracker.session.health;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.MemoryBudget;
import dev.batchtracker.session.cleanup.CleanupHistory;
import dev.batchtracker.session.cleanup.CleanupTracker;
import dev.batchtracker.session.store.StoreStatsCache;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.StoreStats;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code batch-sessions} readiness check: DOWN when the store cannot be reached, else UP with figures and a
 * {@code degraded} flag. Liveness has no check of ours: it must stay cheap and never touch the store.
 */
@Readiness
@ApplicationScoped
public class BatchSessionsReadiness implements HealthCheck {

    static final String NAME = "batch-sessions";
    private static final Logger LOG = Logger.getLogger(BatchSessionsReadiness.class);

    private final SessionStore store;
    private final StoreStatsCache stats;
    private final CleanupTracker cleanup;
    private final BatchConfig config;
    private final MemoryBudget memoryBudget;
    private final Clock clock;
    /** Log once when the store becomes unreachable and once when it is back, not on every probe. */
    private final AtomicBoolean reachable = new AtomicBoolean(true);

    public BatchSessionsReadiness(SessionStore store, StoreStatsCache stats, CleanupTracker cleanup,
                                  BatchConfig config, MemoryBudget memoryBudget, Clock clock) {
        this.store = store;
        this.stats = stats;
        this.cleanup = cleanup;
        this.config = config;
        this.memoryBudget = memoryBudget;
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .withData("store", config.store().configName());
        StoreStats figures;
        try {
            store.ping();
            figures = stats.current();
        } catch (RuntimeException e) {
            if (reachable.compareAndSet(true, false)) {
                LOG.warnf("Readiness: the session store cannot be reached: %s", e.getMessage());
            }
            // The cause stays in the log: a probe answer is no place for connection details.
            return response.down().withData("error", "the session store cannot be reached").build();
        }
        if (reachable.compareAndSet(false, true)) {
            LOG.info("Readiness: the session store is reachable again");
        }
        CleanupHistory history = cleanup.history();
        // The budget's figure is the store's running one, current even while the walk's figures are cached.
        Optional<MemoryBudget.Usage> memory = memoryBudget.usage();
        Degradation degradation = Degradation.assess(figures.active(), config.degradedThreshold(), memory,
                history.lastSuccessOrStart(), config.cleanup().interval(), clock.instant());
        response.up()
                .withData("active_sessions", figures.active());
        memory.ifPresent(usage -> response
                .withData("store_memory_used_bytes", usage.usedBytes())
                .withData("store_memory_budget_bytes", usage.budgetBytes()));
        response
                .withData("degraded", degradation.degraded())
                .withData("last_cleanup_time", text(history.lastRunAt()))
                .withData("last_successful_cleanup_time", text(history.lastSuccessAt()));
        if (degradation.degraded()) {
            response.withData("degraded_reason", String.join("; ", degradation.reasons()));
        }
        return response.build();
    }

    private static String text(Instant at) {
        return at == null ? "never" : at.toString();
    }
}
