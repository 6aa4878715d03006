package dev.batchtracker.session.metrics;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.SessionObserver;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Wire;
import dev.batchtracker.session.cleanup.CleanupObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * This instance's Prometheus counters and cleanup timer (every series named {@code batch_…}), driven by the
 * domain and the cleanup through the ports they own ({@link SessionObserver}, {@link CleanupObserver}): neither
 * imports a meter. Meters are created once, up front, so the hot path only increments; and at start-up, so every
 * series is scraped (at zero) before its first event. Gauges over the store live in {@link BatchGauges}.
 */
@Startup
@ApplicationScoped
public class BatchMeters implements SessionObserver, CleanupObserver {

    private final Counter created;
    private final Map<GoneReason, Counter> cleaned = new EnumMap<>(GoneReason.class);
    private final Map<SessionStatus, Map<SessionStatus, Counter>> transitions = new EnumMap<>(SessionStatus.class);
    private final Map<NodeStatus, Counter> nodeResults = new EnumMap<>(NodeStatus.class);
    private final Timer cleanupDuration;
    private final Counter compacted;

    public BatchMeters(MeterRegistry registry) {
        created = Counter.builder("batch_sessions_created").description("Sessions created by this instance")
                .register(registry);
        for (GoneReason reason : GoneReason.values()) {
            cleaned.put(reason, Counter.builder("batch_sessions_cleaned")
                    .description("Sessions removed by this instance, by reason")
                    .tag("reason", Wire.name(reason)).register(registry));
        }
        for (SessionStatus from : SessionStatus.values()) {
            Map<SessionStatus, Counter> row = new EnumMap<>(SessionStatus.class);
            for (SessionStatus to : from.allowedTransitions()) {
                row.put(to, Counter.builder("batch_session_transitions")
                        .description("Status transitions applied by this instance")
                        .tag("from", Wire.name(from)).tag("to", Wire.name(to)).register(registry));
            }
            transitions.put(from, row);
        }
        for (NodeStatus status : NodeStatus.values()) {
            if (status == NodeStatus.PENDING) {
                continue; // a report never carries it: no series that can only ever read zero
            }
            nodeResults.put(status, Counter.builder("batch_node_results")
                    .description("Node reports applied by this instance, by reported status")
                    .tag("status", Wire.name(status)).register(registry));
        }
        cleanupDuration = Timer.builder("batch_cleanup_duration").description("Duration of cleanup runs")
                .register(registry);
        compacted = Counter.builder("batch_sessions_compacted")
                .description("Finished sessions compacted by this instance's cleanup runs").register(registry);
    }

    @Override
    public void created() {
        created.increment();
    }

    @Override
    public void removed(GoneReason reason) {
        cleaned.get(reason).increment();
    }

    @Override
    public void transitioned(SessionStatus from, SessionStatus to) {
        Counter counter = transitions.get(from).get(to);
        if (counter != null) {
            counter.increment();
        }
    }

    @Override
    public void nodeRecorded(NodeStatus status) {
        nodeResults.get(status).increment();
    }

    @Override
    public void ran(Duration took) {
        cleanupDuration.record(took);
    }

    @Override
    public void compacted(int sessions) {
        compacted.increment(sessions);
    }
}
