package dev.batchtracker.bench.server;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.Labels;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.store.SessionStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Controls the harness needs inside the measured process: a heap reading after full GCs, moving the clock, and
 * seeding many sessions through the manager (far faster than over HTTP, and through the same rules and store).
 * Benchmark build only: the normal build has no such endpoints.
 */
@Path("/bench")
@Produces(MediaType.APPLICATION_JSON)
public class BenchControlResource {

    public record Heap(long usedBytes, long committedBytes, long maxBytes) {
    }

    public record ClockOffset(long offsetMs) {
    }

    /**
     * @param count sessions to create
     * @param nodeCount node_count of each
     * @param nodesReported how many of its nodes to report completed (0 leaves the session pending)
     * @param threads seeding threads
     * @param runningFirst report each node running before completed, as most executors do
     * @param labelEvery when above 0, every labelEvery-th session (from the first) is labelled
     *                   {@value #SEEDED_LABEL_KEY}={@value #SEEDED_LABEL_VALUE}, the others {@value #SEEDED_LABEL_KEY}=other
     */
    /** @param resultBytes when positive, each node's result is a JSON object of about this many bytes */
    public record Seed(int count, int nodeCount, int nodesReported, int threads, boolean runningFirst, int labelEvery,
                       int resultBytes) {
    }

    public static final String SEEDED_LABEL_KEY = "bench-filter";
    public static final String SEEDED_LABEL_VALUE = "hit";

    public record Seeded(int created, long millis, List<String> ids) {
    }

    public record StoreFigures(long sessions, long approxBytes) {
    }

    private final BatchSessionManager manager;
    private final SessionStore store;
    private final Clock clock;

    public BenchControlResource(BatchSessionManager manager, SessionStore store, Clock clock) {
        this.manager = manager;
        this.store = store;
        this.clock = clock;
    }

    @POST
    @Path("/gc")
    public Heap gc() {
        // Several full collections: one can leave garbage that only the next finds (reference processing).
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Heap(heap.getUsed(), heap.getCommitted(), heap.getMax());
    }

    @POST
    @Path("/clock")
    public ClockOffset advance(@QueryParam("advance") String advance) {
        if (!(clock instanceof BenchClock benchClock)) {
            throw new IllegalStateException("the service clock is not the benchmark clock");
        }
        return new ClockOffset(benchClock.advance(Duration.parse(advance)).toMillis());
    }

    @GET
    @Path("/store")
    public StoreFigures store() {
        Clock now = clock;
        var stats = store.stats(now.instant(), now.instant());
        return new StoreFigures(store.count(), stats.approxBytes());
    }

    @POST
    @Path("/seed")
    @Consumes(MediaType.APPLICATION_JSON)
    public Seeded seed(Seed seed) throws Exception {
        long started = System.nanoTime();
        int threads = Math.max(1, seed.threads());
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                running.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < seed.count(); i = next.getAndIncrement()) {
                        Session session = seedOne(i, seed);
                        if (i < 100) {
                            ids.add(session.id().toString());
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Seeded(seed.count(), (System.nanoTime() - started) / 1_000_000, ids);
    }

    private Session seedOne(int i, Seed seed) {
        Labels labels = seed.labelEvery() <= 0 ? Labels.NONE
                : Labels.of(Map.of(SEEDED_LABEL_KEY, i % seed.labelEvery() == 0 ? SEEDED_LABEL_VALUE : "other"));
        Session session = manager.create(new CreateSession("/canvases/bench/flow-" + i + ".json", seed.nodeCount(),
                null, null, labels, null, null)).session();
        if (seed.nodesReported() == 0) {
            return session;
        }
        UUID id = session.id();
        manager.transition(id, SessionStatus.RUNNING, null);
        Session last = session;
        NodeReport running = new NodeReport(NodeStatus.RUNNING, null, null, null, null);
        for (int n = 0; n < seed.nodesReported(); n++) {
            if (seed.runningFirst()) {
                manager.reportNode(id, "node-" + n, running);
            }
            // A result text of its own per node, as a parsed request body gives; a shared constant would hide its cost.
            NodeReport done = new NodeReport(NodeStatus.COMPLETED, result(n, seed.resultBytes()), null, null, null);
            last = manager.reportNode(id, "node-" + n, done);
        }
        return last;
    }

    /** {"rows":n}, padded to about {@code bytes} when asked: a text of its own per node. */
    private static String result(int n, int bytes) {
        String rows = "{\"rows\":" + n;
        if (bytes <= rows.length() + 1) {
            return rows + "}";
        }
        return rows + ",\"pad\":\"" + "x".repeat(Math.max(0, bytes - rows.length() - 10)) + "\"}";
    }
}
