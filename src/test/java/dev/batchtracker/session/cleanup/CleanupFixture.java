package dev.batchtracker.session.cleanup;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.events.InProcessEventHub;
import dev.batchtracker.session.metrics.BatchMeters;
import dev.batchtracker.session.store.StoreStatsCache;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.TestBatchConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.util.UUID;

/** A cleanup service wired by hand over a given store: the plain tests' stand-in for the application. */
final class CleanupFixture {
    final MutableClock clock = new MutableClock();
    final BatchConfig config;
    final SessionStore store;
    final InProcessEventHub hub = new InProcessEventHub();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final BatchSessionManager manager;
    final CleanupTracker tracker;
    final CleanupService cleanup;

    CleanupFixture(BatchConfig config, SessionStore store) {
        this.config = config;
        this.store = store;
        BatchMeters meters = new BatchMeters(registry);
        this.manager = new BatchSessionManager(store, hub, clock, config, meters);
        this.tracker = new CleanupTracker(clock);
        this.cleanup = new CleanupService(store, manager, clock, config, meters, tracker,
                new StoreStatsCache(store, clock, config));
    }

    UUID create() {
        Session session = manager.create(new CreateSession("canvas/test", 2, null, null, null, null)).session();
        return session.id();
    }

    /** The defaults with this batch size, and room for the 100,000-session load test. */
    static TestBatchConfig withBatchSize(int batchSize) {
        TestBatchConfig d = TestBatchConfig.defaults();
        return new TestBatchConfig(d.store(), d.sessionTimeout(), d.retention(), d.staleAfter(), d.tombstoneTtl(),
                new TestBatchConfig.TestCleanup(d.cleanup().interval(), batchSize), 200_000, d.maxNodes(),
                d.maxStoreMemory(), d.degradedThreshold(), d.writeToken(), d.sse());
    }

    /** {@code base} with these compaction settings. */
    static BatchConfig withCompaction(BatchConfig base, Duration after, int maxPerRun) {
        return TestBatchConfig.overriding(base, "compaction", new TestBatchConfig.TestCompaction(after, maxPerRun));
    }

    /** A session that ran and finished now (completed), each of its two nodes with a 1 KiB result. */
    UUID finishedWithResults() {
        UUID id = create();
        manager.transition(id, SessionStatus.RUNNING, "go");
        String result = "{\"blob\":\"" + "x".repeat(1024) + "\"}";
        manager.reportNode(id, "a", new NodeReport(NodeStatus.COMPLETED, result, null, null, null));
        manager.reportNode(id, "b", new NodeReport(NodeStatus.COMPLETED, result, null, null, null));
        return id;
    }

    double compactedCounter() {
        return registry.get("batch_sessions_compacted").counter().count();
    }

    double cleanedCounter(String reason) {
        return registry.get("batch_sessions_cleaned").tag("reason", reason).counter().count();
    }
}
