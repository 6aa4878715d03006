package dev.batchtracker.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** (2) HTTP on loopback, keep-alive, fixed concurrency: the three hot endpoints against a trivial JSON endpoint. */
final class HttpStep implements Step {

    static final Map<String, String> PROPS = Map.of("batch.max-sessions", "10000000",
            "batch.max-store-memory", "1T");

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void run(Context context) throws Exception {
        Options o = context.options;
        try (Server server = Server.start(o, "http-memory", Context.serverJvm("2g"), PROPS)) {
            server.awaitReady(Duration.ofMinutes(2));
            Api api = new Api(server.port());
            warmUp(context, server, api);
            Load.Point baseline1 = HttpPoints.baseline(context, server, "baseline (before)");
            Load.Point eventLoop = HttpPoints.eventLoopBaseline(context, server);
            Load.Point writeBaseline = HttpPoints.writeBaseline(context, server, "PUT to the baseline endpoint");
            Load.Point read = HttpPoints.statusRead(context, server, api);
            Load.Point write = HttpPoints.nodeReport(context, server, api, "PUT node report");
            Load.Point create = HttpPoints.create(context, server);
            Load.Point baseline2 = HttpPoints.baseline(context, server, "baseline (after)");
            context.memoryNodeReport = write;
            context.spreadNodeReports.put("memory", write);

            Load.Point baseline = mean(baseline1, baseline2);
            context.baseline = baseline;
            List<List<String>> rows = new ArrayList<>();
            rows.add(HttpPoints.row(baseline1, null));
            rows.add(HttpPoints.row(baseline2, null));
            for (Load.Point p : List.of(eventLoop, writeBaseline, read, write, create)) {
                rows.add(HttpPoints.row(p, baseline));
            }
            double drift = baseline2.throughput() / baseline1.throughput();
            context.report.section("2. HTTP (in-memory store)")
                    .text("Loopback, keep-alive, " + o.concurrency() + " connections with one request in flight each"
                            + " (closed loop), a non-blocking Vert.x client in the harness process sharing the same "
                            + "2 cores. Each point: " + o.warmup().toSeconds() + " s warm-up, then " + o.point().toSeconds()
                            + " s measured. Latency from sending the request to the last byte of the answer. Server: "
                            + "`-Xms2g -Xmx2g`, in-memory store.")
                    .text("Baseline: `GET /bench/baseline`, a JSON endpoint in the same process and build (benchmark"
                            + " build only) returning a two-field record, written the way a Quarkus REST method is by"
                            + " default (a plain return type, so it runs on a worker thread). It is measured before and"
                            + " after the others; ratios divide by the mean of the two (the second ran at "
                            + Report.ratio(drift) + " × the first's throughput). Two more trivial endpoints show what the"
                            + " framework itself costs: the same GET on the event loop (`@NonBlocking`), and a PUT of the"
                            + " node report's body to a trivial worker-thread endpoint.")
                    .text("GET status reads 100 running sessions (10 of 100 nodes reported; full document with history)."
                            + " PUT node reports a new node as completed with a small result in one of "
                            + HttpPoints.WRITE_SESSIONS + " running sessions (every request a real change: new version,"
                            + " counters, event). POST creates a session with node_count 10.")
                    .table(HttpPoints.HEADER, rows);
            double readRatio = read.throughput() / baseline.throughput();
            double writeRatio = write.throughput() / baseline.throughput();
            context.report.goal("GET status throughput / baseline endpoint", "≥ 0.8", Report.ratio(readRatio),
                    Report.Verdict.of(readRatio >= 0.8));
            context.report.goal("PUT node report throughput / baseline endpoint", "≥ 0.6", Report.ratio(writeRatio),
                    Report.Verdict.of(writeRatio >= 0.6));
        }
    }

    /**
     * A fresh JVM compiles as it goes: load every endpoint of the step, unmeasured, before the first point, so the
     * first baseline is not measured on a cold server while the later points run on a warm one.
     */
    static void warmUp(Context context, Server server, Api api) throws Exception {
        List<String> ids = HttpPoints.seededIds(api, 10, 100_000, 1);
        Duration each = context.options.smoke() ? context.options.warmup() : Duration.ofSeconds(5);
        for (String uri : List.of("/bench/baseline", Api.BASE + "/status/" + ids.get(0))) {
            Load.Request request = new Load.Request(io.vertx.core.http.HttpMethod.GET, uri, null);
            context.load.point("warm-up", server, context.options.concurrency(), Duration.ZERO, each,
                    (user, seq) -> request, 200);
        }
    }

    /** The two baseline measurements as one: mean throughput, mean of each percentile. */
    static Load.Point mean(Load.Point a, Load.Point b) {
        Latency la = a.latency();
        Latency lb = b.latency();
        return new Load.Point("baseline (mean)", a.concurrency(), a.seconds() + b.seconds(), a.ok() + b.ok(),
                a.failures() + b.failures(), (a.throughput() + b.throughput()) / 2,
                new Latency(la.count() + lb.count(), (la.p50() + lb.p50()) / 2, (la.p99() + lb.p99()) / 2,
                        (la.p999() + lb.p999()) / 2, Math.max(la.max(), lb.max())), Map.of(),
                (a.serverCpuMicros() + b.serverCpuMicros()) / 2, (a.engineCpuMicros() + b.engineCpuMicros()) / 2);
    }
}
