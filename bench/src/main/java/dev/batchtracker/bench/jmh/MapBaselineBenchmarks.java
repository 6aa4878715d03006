package dev.batchtracker.bench.jmh;

import dev.batchtracker.session.Labels;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Origin;
import dev.batchtracker.session.Plan;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.Transition;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.batchtracker.bench.jmh.ManagerBenchmarks.BATCH;
import static dev.batchtracker.bench.jmh.ManagerBenchmarks.READ_SESSIONS;

/**
 * The in-memory limit: the same three operations as {@link ManagerBenchmarks} done as a bare
 * {@link ConcurrentHashMap#compute} (or get) on a record of the same shape — the Session record itself — with
 * no rules, no expiry, no clock, no version check, no metrics and no events.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MapBaselineBenchmarks {

    /** A stored session as the bare map keeps it: the record and its node results. */
    record Entry(Session session, HashMap<String, NodeResult> nodes) {
    }

    static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    static Session session(SessionStatus status, int nodeCount) {
        return new Session(UUID.randomUUID(), new Plan("/canvases/bench/flow.json", nodeCount, List.of(), "{}", Labels.NONE),
                status, NodeCounts.NONE, 0.0, Timeline.created(NOW, NOW.plusSeconds(1800)), 1L, null, List.of(),
                Origin.NONE);
    }

    @State(Scope.Thread)
    public static class Map {
        final ConcurrentHashMap<UUID, Entry> map = new ConcurrentHashMap<>();
        final String[] nodeIds = new String[BATCH];
        final UUID[] batchIds = new UUID[BATCH];
        final UUID[] readIds = new UUID[READ_SESSIONS];
        UUID running;
        int next;

        @Setup(Level.Trial)
        public void trial() {
            for (int i = 0; i < BATCH; i++) {
                nodeIds[i] = "node-" + i;
            }
            for (int i = 0; i < READ_SESSIONS; i++) {
                Session s = session(SessionStatus.RUNNING, 100);
                readIds[i] = s.id();
                map.put(s.id(), new Entry(s, new HashMap<>()));
            }
        }

        @Setup(Level.Iteration)
        public void iteration() {
            if (running != null) {
                map.remove(running);
            }
            Session s = session(SessionStatus.RUNNING, BATCH);
            running = s.id();
            map.put(running, new Entry(s, new HashMap<>()));
            for (int i = 0; i < BATCH; i++) {
                if (batchIds[i] != null) {
                    map.remove(batchIds[i]);
                }
                Session pending = session(SessionStatus.PENDING, 10);
                batchIds[i] = pending.id();
                map.put(pending.id(), new Entry(pending, new HashMap<>()));
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 40)
    @Measurement(iterations = 40)
    public void nodeReport(Map m, Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            String nodeId = m.nodeIds[i];
            bh.consume(m.map.compute(m.running, (id, e) -> {
                e.nodes().put(nodeId, new NodeResult(nodeId, NodeStatus.COMPLETED, "{\"rows\":42}", null, null, NOW, NOW));
                Session s = e.session();
                NodeCounts c = s.counts();
                Timeline t = s.timeline().toBuilder().updatedAt(NOW).lastActivityAt(NOW).lastNodeFinishedAt(NOW).build();
                return new Entry(new Session(s.id(), s.plan(), s.status(),
                        new NodeCounts(c.completed() + 1, c.failed(), c.running()), s.reportedProgress(), t,
                        s.version() + 1, s.reason(), s.history(), s.origin()), e.nodes());
            }));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 40)
    @Measurement(iterations = 40)
    public void transition(Map m, Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(m.map.compute(m.batchIds[i], (id, e) -> {
                Session s = e.session();
                List<Transition> history = new ArrayList<>(s.history().size() + 1);
                history.addAll(s.history());
                history.add(new Transition(s.status(), SessionStatus.RUNNING, NOW, null));
                Timeline t = s.timeline().toBuilder().updatedAt(NOW).lastActivityAt(NOW).startedAt(NOW).build();
                return new Entry(new Session(s.id(), s.plan(), SessionStatus.RUNNING, s.counts(), s.reportedProgress(),
                        t, s.version() + 1, s.reason(), history, s.origin()), e.nodes());
            }));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Session statusRead(Map m) {
        return m.map.get(m.readIds[m.next++ & (READ_SESSIONS - 1)]).session();
    }
}
