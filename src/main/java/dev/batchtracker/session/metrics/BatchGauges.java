package dev.batchtracker.session.metrics;

import dev.batchtracker.session.MemoryBudget;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.store.StoreStats;
import dev.batchtracker.session.store.StoreStatsCache;
import dev.batchtracker.session.Wire;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.ToDoubleFunction;

/**
 * Prometheus gauges over the store ({@code batch_sessions{status}}, expired, stale, footprint, and on the memory store
 * its budget) and this instance's SSE subscribers. Store gauges read {@link StoreStatsCache}, so one scrape walks
 * the store at most once.
 */
@Startup
@ApplicationScoped
public class BatchGauges {

    public BatchGauges(MeterRegistry registry, StoreStatsCache stats, OpenStreams streams, MemoryBudget memoryBudget) {
        for (SessionStatus status : SessionStatus.values()) {
            Gauge.builder("batch_sessions", stats, figure(s -> s.byStatus().getOrDefault(status, 0L)))
                    .description("Stored sessions by status (whole store; figures up to 5 s old)")
                    .tag("status", Wire.name(status))
                    .strongReference(true)
                    .register(registry);
        }
        Gauge.builder("batch_sessions_expired", stats, figure(StoreStats::expired))
                .description("Sessions past their expiry awaiting cleanup")
                .strongReference(true).register(registry);
        Gauge.builder("batch_sessions_stale", stats, figure(StoreStats::stale))
                .description("Running sessions with no write for batch.stale-after")
                .strongReference(true).register(registry);
        Gauge.builder("batch_store_memory", stats, figure(StoreStats::approxBytes))
                .description("The store's estimate of its own footprint")
                .baseUnit("bytes")
                .strongReference(true).register(registry);
        memoryBudget.usage().ifPresent(atStart -> {
            // The budget is fixed; used over budget is then batch_store_memory_bytes / this.
            Gauge.builder("batch_store_memory_budget", atStart, MemoryBudget.Usage::budgetBytes)
                    .description("batch.max-store-memory: readiness degraded from 80 %, creates refused at 100 %")
                    .baseUnit("bytes")
                    .strongReference(true).register(registry);
        });
        Gauge.builder("batch_sse_subscribers", streams, OpenStreams::subscriberCount)
                .description("Open SSE streams on this instance")
                .strongReference(true).register(registry);
    }

    /** A gauge reading that shows "no value" rather than failing the whole scrape when the store is down. */
    private static ToDoubleFunction<StoreStatsCache> figure(ToDoubleFunction<StoreStats> of) {
        return cache -> {
            try {
                return of.applyAsDouble(cache.current());
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        };
    }
}
