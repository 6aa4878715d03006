package dev.batchtracker.bench.jmh;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
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

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * {@link ManagerBenchmarks} on the durable and shared stores (SQLite file, PostgreSQL, Redis on this machine),
 * with batches a hundred times smaller: one operation there is a round trip or a synced write, not a map update.
 * The harness passes the reachable stores as {@code -p durable=…}.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@BenchmarkMode(Mode.SingleShotTime)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
public class DurableStoreBenchmarks {

    static final int BATCH = 100;

    /** The fixture of one store for the whole trial (closed at its end). */
    @State(Scope.Thread)
    public abstract static class Store {
        @Param({"sqlite", "postgres", "redis"})
        public String durable;
        ManagerBenchmarks.Fixture f;

        void openStore() {
            f = new ManagerBenchmarks.Fixture(durable);
        }

        void closeStore() throws Exception {
            f.closer.close();
        }
    }

    /** A running session with room for the batch. */
    @State(Scope.Thread)
    public static class RunningSession extends Store {
        UUID id;

        @Setup(Level.Trial)
        public void trial() {
            openStore();
        }

        @Setup(Level.Iteration)
        public void open() {
            id = f.manager.create(InProcess.request(BATCH)).session().id();
            f.manager.transition(id, SessionStatus.RUNNING, null);
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            closeStore();
        }
    }

    /** A batch of pending sessions, each started once. */
    @State(Scope.Thread)
    public static class PendingSessions extends Store {
        final UUID[] ids = new UUID[BATCH];

        @Setup(Level.Trial)
        public void trial() {
            openStore();
        }

        @Setup(Level.Iteration)
        public void open() {
            for (int i = 0; i < BATCH; i++) {
                ids[i] = f.manager.create(InProcess.request(10)).session().id();
            }
        }

        @TearDown(Level.Trial)
        public void close() throws Exception {
            closeStore();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Session nodeReport(RunningSession s) {
        Session last = null;
        for (int i = 0; i < BATCH; i++) {
            last = s.f.manager.reportNode(s.id, s.f.nodeIds[i], s.f.completed);
        }
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void transition(PendingSessions s, Blackhole bh) {
        BatchSessionManager manager = s.f.manager;
        for (int i = 0; i < BATCH; i++) {
            bh.consume(manager.transition(s.ids[i], SessionStatus.RUNNING, null));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void statusRead(RunningSession s, Blackhole bh) {
        for (int i = 0; i < BATCH; i++) {
            bh.consume(s.f.manager.get(s.id));
        }
    }
}
