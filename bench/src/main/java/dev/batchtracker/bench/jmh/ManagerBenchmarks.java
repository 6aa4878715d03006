package dev.batchtracker.bench.jmh;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.store.SessionStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The manager's three hot operations on a store, one thread. Writes are timed as a batch of {@link #BATCH} fresh
 * operations per iteration (a node can be reported and a session can start only once), reads as an average.
 * {@link MapBaselineBenchmarks} does the same work as a bare ConcurrentHashMap would.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ManagerBenchmarks {

    static final int BATCH = 20_000;
    static final int READ_SESSIONS = 1_024;

    /** The manager over the chosen store, and what every operation reuses. */
    static final class Fixture {
        final SessionStore sessions;
        final BatchSessionManager manager;
        final String[] nodeIds = new String[BATCH];
        final NodeReport completed = new NodeReport(NodeStatus.COMPLETED, "{\"rows\":42}", null, null, null);

        final AutoCloseable closer;

        Fixture(String store) {
            InProcess.Opened opened = InProcess.store(store);
            sessions = opened.store();
            closer = opened.closer();
            manager = InProcess.manager(sessions);
            for (int i = 0; i < BATCH; i++) {
                nodeIds[i] = "node-" + i;
            }
        }

        void removeAll(UUID... ids) {
            Instant now = InProcess.CLOCK.instant();
            for (UUID id : ids) {
                sessions.remove(id, GoneReason.DELETED, now, now);
            }
            sessions.purgeTombstones(now, Integer.MAX_VALUE);
        }
    }

    /** One running session with room for the whole batch of node reports. */
    @State(Scope.Thread)
    public static class RunningSession {
        @Param({"memory"})
        public String store;
        Fixture f;
        UUID id;

        @Setup(Level.Trial)
        public void trial() {
            f = new Fixture(store);
        }

        @Setup(Level.Iteration)
        public void open() {
            id = f.manager.create(InProcess.request(BATCH)).session().id();
            f.manager.transition(id, SessionStatus.RUNNING, null);
        }

        @TearDown(Level.Iteration)
        public void close() {
            f.removeAll(id);
        }
    }

    /** A batch of pending sessions, each to be started once. */
    @State(Scope.Thread)
    public static class PendingSessions {
        @Param({"memory"})
        public String store;
        Fixture f;
        final UUID[] ids = new UUID[BATCH];

        @Setup(Level.Trial)
        public void trial() {
            f = new Fixture(store);
        }

        @Setup(Level.Iteration)
        public void open() {
            for (int i = 0; i < BATCH; i++) {
                ids[i] = f.manager.create(InProcess.request(10)).session().id();
            }
        }

        @TearDown(Level.Iteration)
        public void close() {
            f.removeAll(ids);
        }
    }

    /** Running sessions with a few node results, read in turn. */
    @State(Scope.Thread)
    public static class ReadSessions {
        @Param({"memory"})
        public String store;
        Fixture f;
        final UUID[] ids = new UUID[READ_SESSIONS];
        int next;

        @Setup(Level.Trial)
        public void trial() {
            f = new Fixture(store);
            for (int i = 0; i < READ_SESSIONS; i++) {
                ids[i] = f.manager.create(InProcess.request(100)).session().id();
                f.manager.transition(ids[i], SessionStatus.RUNNING, null);
                for (int n = 0; n < 10; n++) {
                    f.manager.reportNode(ids[i], f.nodeIds[n], f.completed);
                }
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 40)
    @Measurement(iterations = 40)
    public Session nodeReport(RunningSession s) {
        Fixture f = s.f;
        Session last = null;
        for (int i = 0; i < BATCH; i++) {
            last = f.manager.reportNode(s.id, f.nodeIds[i], f.completed);
        }
        return last;
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OperationsPerInvocation(BATCH)
    @Warmup(iterations = 40)
    @Measurement(iterations = 40)
    public void transition(PendingSessions s, Blackhole bh) {
        BatchSessionManager manager = s.f.manager;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(manager.transition(s.ids[i], SessionStatus.RUNNING, null));
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public Session statusRead(ReadSessions s) {
        return s.f.manager.get(s.ids[s.next++ & (READ_SESSIONS - 1)]);
    }
}
