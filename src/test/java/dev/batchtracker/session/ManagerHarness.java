package dev.batchtracker.session;

import dev.batchtracker.session.metrics.BatchMeters;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.TestBatchConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A {@link BatchSessionManager} as the application wires it, without Quarkus: the in-memory store, a settable
 * clock, a hub that records what was published and meters on a registry of its own.
 */
final class ManagerHarness {

    final MutableClock clock;
    final InMemorySessionStore store;
    final RecordingEventHub hub;
    final SimpleMeterRegistry registry;
    final TestBatchConfig config;
    final BatchSessionManager manager;

    ManagerHarness() {
        this(TestBatchConfig.defaults());
    }

    ManagerHarness(TestBatchConfig config) {
        this(config, new MutableClock(), new InMemorySessionStore(), null, new RecordingEventHub(),
                new SimpleMeterRegistry());
    }

    private ManagerHarness(TestBatchConfig config, MutableClock clock, InMemorySessionStore store,
                           SessionStore storeSeenByManager, RecordingEventHub hub, SimpleMeterRegistry registry) {
        this.config = config;
        this.clock = clock;
        this.store = store;
        this.hub = hub;
        this.registry = registry;
        this.manager = new BatchSessionManager(storeSeenByManager != null ? storeSeenByManager : store, hub, clock,
                config, new BatchMeters(registry));
    }

    /**
     * A second manager (another instance, say) over the same store, clock, hub and registry, that sees the
     * store through {@code view} (a wrapper around {@link #store}).
     */
    ManagerHarness sharing(SessionStore view) {
        return new ManagerHarness(config, clock, store, view, hub, registry);
    }

    /** A pending session of {@code nodeCount} nodes without groups. */
    Session create(int nodeCount) {
        return manager.create(new CreateSession("canvases/nightly.json", nodeCount, null, null, null, "fp")).session();
    }

    Session createGrouped(NodeGroup... groups) {
        return manager.create(new CreateSession("canvases/grouped.json", null, Arrays.asList(groups), null, null,
                "fp")).session();
    }

    /** A session of {@code nodeCount} nodes, moved to running. */
    Session running(int nodeCount) {
        return start(create(nodeCount));
    }

    Session start(Session session) {
        return manager.transition(session.id(), SessionStatus.RUNNING, "executor started");
    }

    Session report(UUID id, String nodeId, NodeStatus status) {
        return manager.reportNode(id, nodeId, reportOf(status));
    }

    Session stored(UUID id) {
        return store.find(id).orElseThrow();
    }

    List<NodeResult> nodes(UUID id) {
        return store.nodes(id, null, null, 10_000).items();
    }

    double counter(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    static NodeReport reportOf(NodeStatus status) {
        return switch (status) {
            case COMPLETED -> new NodeReport(status, "{\"rows\":3}", null, null, null);
            case FAILED -> new NodeReport(status, null, "boom", null, null);
            default -> new NodeReport(status, null, null, null, null);
        };
    }

    static NodeGroup group(String groupId, String... nodeIds) {
        return new NodeGroup(groupId, List.of(nodeIds));
    }
}
