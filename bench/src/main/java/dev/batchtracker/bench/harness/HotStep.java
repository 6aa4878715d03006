package dev.batchtracker.bench.harness;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * (8) Many reporters, one session (issue 11): per store, in the same run, the node-report point spread over 64
 * sessions, the same report with every request into one session at two concurrencies, bulk reports of 100 nodes,
 * and the store engine's own limit for one report per transaction — every point as a ratio to that limit.
 */
final class HotStep implements Step {

    static final String MEMORY = "memory";
    /** Node reports sent, unmeasured, before a service's first point (see there). */
    static final Duration WRITE_WARM_UP = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "hot";
    }

    /** A point into one session at a time, and the check of what the store holds after it. */
    record OneSession(String name, int connections, Load.Measured measured, int nodesPerRequest, long stored,
                      int sessions, long lateCreations, String notMeasured) {

        static OneSession notMeasured(String name, int connections, String why) {
            return new OneSession(name, connections, null, 0, 0, 0, 0, why);
        }

        boolean measuredHere() {
            return notMeasured == null;
        }

        Load.Point point() {
            return measured.point();
        }

        double nodesPerSecond() {
            return measured == null ? Double.NaN : measured.point().throughput() * nodesPerRequest;
        }

        long answered() {
            return measured.all(200);
        }

        boolean exact() {
            return stored == answered() * nodesPerRequest;
        }

        /** Answers other than 200 over the whole run (warm-up and drain too), by status. */
        Map<Integer, Long> failedWholeRun() {
            Map<Integer, Long> failed = new LinkedHashMap<>(measured.allStatuses());
            failed.remove(200);
            return failed;
        }
    }

    /** What one store gave; a field is null where the store or the point could not be measured. */
    record StoreFigures(String store, String unavailable, Load.Point spread, String spreadFrom, Load.Point baseline,
                        List<OneSession> oneSession, OneSession bulk, EngineLimit.Figures engine) {

        OneSession oneSessionLow() {
            return oneSession == null || oneSession.isEmpty() ? null : oneSession.get(0);
        }
    }

    @Override
    public void run(Context context) throws Exception {
        Options o = context.options;
        List<String> stores = o.stores();
        String run = Long.toString(System.currentTimeMillis());
        List<StoreFigures> figures = new ArrayList<>();
        for (String store : stores) {
            String unavailable = MEMORY.equals(store) ? null : StoreStep.unavailable(store);
            if (unavailable != null) {
                if ("true".equals(System.getenv("CI")) && !unavailable.startsWith("not yet available")) {
                    context.report.failure("hot " + store + ": " + unavailable);
                }
                figures.add(new StoreFigures(store, unavailable, null, null, null, null, null, null));
                continue;
            }
            figures.add(measureStore(context, store, run));
        }
        render(context, figures);
    }

    private static StoreFigures measureStore(Context context, String store, String run) throws Exception {
        Options o = context.options;
        Options.Hot hot = o.hot();
        int low = hot.low();
        boolean memory = MEMORY.equals(store);
        Map<String, String> props = new HashMap<>(HttpStep.PROPS);
        props.put("batch.max-nodes", Integer.toString(hot.maxNodes()));
        if (!memory) {
            props.putAll(StoreStep.storeProps(o, store, "hot-" + run));
        }
        Load.Point spread;
        String spreadFrom;
        Load.Point baseline = null;
        List<OneSession> oneSession = new ArrayList<>();
        OneSession bulk;
        EngineLimit.Fixture fixture = null;
        System.out.printf(Locale.ROOT, "bench:   hot %s%n", store);
        try (Server server = Server.start(o, "hot-" + store, Context.serverJvm("2g"), props)) {
            server.awaitReady(Duration.ofMinutes(2));
            Api api = new Api(server.port());
            // A fresh service's first points paid for the JIT: on a slow machine a C2 compiler thread took about a
            // third of the machine for the first minute (JFR), through the 3 s warm-ups of the baseline and the
            // spread point, which the later points never paid. So the reads and the write path are warmed first.
            warmUp(context, server, api);
            if (memory && context.baseline != null && context.baseline.concurrency() == low) {
                baseline = context.baseline;
            } else if (memory) {
                Load.Request request = new Load.Request(HttpMethod.GET, "/bench/baseline", null);
                baseline = answered(context, context.load.point("baseline", server, low, o.warmup(), o.point(),
                        (user, seq) -> request, 200));
            }
            Load.Point earlier = context.spreadNodeReports.get(store);
            if (earlier != null && earlier.concurrency() == low) {
                spread = earlier;
                spreadFrom = memory ? "section 2" : "section 7";
            } else {
                List<String> ids = HttpPoints.seededIds(api, HttpPoints.WRITE_SESSIONS, 100_000, 1);
                spread = answered(context, context.load.point("64 sessions (" + store + ")", server, low,
                        o.warmup(), o.point(), HttpPoints.spreadNodeReports(ids, low), 200));
                spreadFrom = "this step";
            }
            for (int connections : hot.connections()) {
                oneSession.add(oneSession(context, server, api, memory, connections));
            }
            bulk = bulk(context, server, api, memory);
            if (!memory) {
                List<String> ids = HttpPoints.seededIds(api, HttpPoints.WRITE_SESSIONS, hot.maxNodes(), 1);
                String event = api.status(ids.get(0)).toString();
                fixture = new EngineLimit.Fixture(store, ids, event, props);
            }
        }
        // The service has stopped: the engine loop has the cores (and the database) to itself.
        EngineLimit.Figures engine = fixture == null ? null : EngineLimit.measure(context, fixture);
        return new StoreFigures(store, null, spread, spreadFrom, baseline, oneSession, bulk, engine);
    }

    /** The reads, then {@link #WRITE_WARM_UP} of unmeasured node reports to 64 other sessions. */
    static void warmUp(Context context, Server server, Api api) throws Exception {
        Options o = context.options;
        HttpStep.warmUp(context, server, api);
        List<String> warmIds = HttpPoints.seededIds(api, HttpPoints.WRITE_SESSIONS, 100_000, 1);
        context.load.point("write warm-up", server, o.hot().low(), Duration.ZERO,
                o.smoke() ? o.warmup() : WRITE_WARM_UP, HttpPoints.spreadNodeReports(warmIds, o.hot().low()), 200);
    }

    /** Every request a PUT of a new node as completed, all into one running session. */
    static OneSession oneSession(Context context, Server server, Api api, boolean memory, int connections)
            throws Exception {
        Options o = context.options;
        String name = "one session";
        try (SessionSupply supply = SessionSupply.single(api, o.hot().maxNodes())) {
            String id = supply.first();
            Load.Measured measured = context.load.measure(name, server, connections, o.warmup(), o.point(),
                    (user, seq) -> HttpPoints.nodeReport(id, "h" + user + "-" + seq), 200);
            long stored = supply.completedNodes();
            if (memory) {
                supply.deleteAll();
            }
            checkAnswered(context, name, connections, measured);
            return new OneSession(name, connections, measured, 1, stored, 1, 0, null);
        }
    }

    /**
     * Bulk reports of new nodes, into one session at a time (a fresh one when the last is full). First a probe: an
     * endpoint that is not there yet is reported as not measured.
     */
    static OneSession bulk(Context context, Server server, Api api, boolean memory) throws Exception {
        Options o = context.options;
        Options.Hot hot = o.hot();
        int items = hot.bulkItems();
        int connections = hot.low();
        String name = "bulk (" + items + " per request)";
        String probe = api.createRunningSession(items);
        Api.Answer answer = api.exchange("POST", Api.BASE + "/sessions/" + probe + "/nodes",
                bulkBody("probe-", items).toString());
        if (answer.status() != 200) {
            context.report.failure("bulk probe answered " + answer.status() + ": " + answer.body());
            return OneSession.notMeasured(name, connections, "not measured: probe answered " + answer.status());
        }
        long probeNodes = api.status(probe).get("completed_nodes").asLong();
        if (probeNodes != items) {
            context.report.failure("bulk probe answered 200 but the session holds " + probeNodes + " of " + items
                    + " nodes");
        }
        try (SessionSupply supply = SessionSupply.rotating(api, hot.bulkRequestsPerSession(), items, memory)) {
            Load.Measured measured = context.load.measure(name, server, connections, o.warmup(), o.point(),
                    (user, seq) -> new Load.Request(HttpMethod.POST, Api.BASE + "/sessions/" + supply.sessionFor()
                            + "/nodes", bulkBody("b" + user + "-" + seq + "-", items)), 200);
            long stored = supply.completedNodes();
            if (memory) {
                supply.deleteAll();
            }
            checkAnswered(context, name, connections, measured);
            return new OneSession(name, connections, measured, items, stored, supply.sessionsUsed(),
                    supply.lateCreations(), null);
        }
    }

    /** {@code {"reports": [{"node_id": "<prefix>0", "status": "completed"}, …]}} */
    static Buffer bulkBody(String prefix, int items) {
        StringBuilder sb = new StringBuilder(items * 48 + 16).append("{\"reports\":[");
        for (int i = 0; i < items; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"node_id\":\"").append(prefix).append(i).append("\",\"status\":\"completed\"}");
        }
        return Buffer.buffer(sb.append("]}").toString());
    }

    /** A point with no 200 at all measured nothing (a harness or fixture fault); failures alone are findings. */
    private static void checkAnswered(Context context, String name, int connections, Load.Measured measured) {
        if (measured.point().ok() == 0) {
            context.report.failure(name + " at " + connections + " connections: no 200 answer "
                    + measured.point().statuses());
        }
    }

    private static Load.Point answered(Context context, Load.Point point) {
        if (point.ok() == 0) {
            context.report.failure(point.name() + " at " + point.concurrency() + " connections: no 200 answer "
                    + point.statuses());
        }
        return point;
    }

    // ---- The report ----

    private static void render(Context context, List<StoreFigures> figures) {
        Options o = context.options;
        Options.Hot hot = o.hot();
        int low = hot.low();
        Report.Section section = context.report.section("8. Many reporters, one session (issue 11)");
        section.text("Per store one service process (`-Xms2g -Xmx2g`, `batch.max-nodes=" + hot.maxNodes()
                + "`, store settings as in section 7, fresh database, file or Redis database), and in the same run:"
                + " **64 sessions** — the node-report point of sections 2 and 7 (a PUT of a new node as completed,"
                + " spread over 64 running sessions) at " + low + " connections, taken from section 2 (memory) or 7"
                + " when that ran at " + low + " connections, else measured here; **one session** — the same PUT with"
                + " every request into one running session (node_count " + hot.maxNodes() + ") at "
                + joined(hot.connections()) + " connections; **bulk** — `POST /api/v1/parallel/sessions/{task_id}/nodes`"
                + " with " + hot.bulkItems() + " new nodes as completed per request, " + low + " connections, into one"
                + " session at a time (a fresh one after every " + hot.bulkRequestsPerSession() + " requests, which"
                + " complete it; created ahead by the harness); **engine limit** — below. Each point "
                + o.warmup().toMillis() / 1000.0 + " s warm-up, then " + o.point().toSeconds() + " s measured;"
                + " before any point, the reads are warmed as in section 2 and then " + WRITE_WARM_UP.toSeconds()
                + " s of unmeasured node reports go to 64 other sessions, so the JIT has compiled the write path.")
                .text("A failure is any answer but 200, counted by status (-1: a transport error). After each"
                        + " one-session and bulk point the harness reads the session(s): the stored `completed_nodes`"
                        + " must equal the 200 answers of the whole run (warm-up and drain included; × "
                        + hot.bulkItems() + " for bulk). Ratios \"÷ engine\" divide a point's node results per second"
                        + " by the engine's one-row figure (one-session and bulk points) or its spread figure (64"
                        + " sessions).");
        List<List<String>> rows = new ArrayList<>();
        for (StoreFigures f : figures) {
            if (f.unavailable() != null) {
                rows.add(List.of(f.store(), f.unavailable(), "", "", "", "", "", "", "", "", ""));
                continue;
            }
            EngineLimit.Figures e = f.engine();
            double oneRow = e == null ? Double.NaN : e.oneRow().throughput();
            double spreadLimit = e == null ? Double.NaN : e.spread().throughput();
            rows.add(pointRow(f.store(), "64 sessions (" + f.spreadFrom() + ")", f.spread(), 1, "–", spreadLimit));
            for (OneSession p : f.oneSession()) {
                rows.add(oneSessionRow(f.store(), p, oneRow));
            }
            rows.add(oneSessionRow(f.store(), f.bulk(), oneRow));
            if (e != null) {
                rows.add(pointRow(f.store(), "engine limit, one row", e.oneRow(), 1, "–", Double.NaN));
                rows.add(pointRow(f.store(), "engine limit, " + HttpPoints.WRITE_SESSIONS + " rows", e.spread(), 1,
                        "–", Double.NaN));
            }
        }
        section.table(List.of("store", "point", "connections", "req/s", "node results/s", "p50", "p99", "max",
                "failures (measured window)", "stored = answered", "node results/s ÷ engine",
                "service (engine limit: harness) CPU per request", "engine CPU per request"), rows);
        StringBuilder engines = new StringBuilder("Engine limits, measured by the harness after the store's service"
                + " process stopped, on the rows or keys it created (one row: every reporter on the same session;"
                + " spread: reporter t's n-th report on session (n × " + low + " + t) mod "
                + HttpPoints.WRITE_SESSIONS + "). The stores' UPDATE binds the counters and version the service"
                + " derived and checks `AND version = ?`; the loop steps them in SQL instead (the same row write under"
                + " the same row lock, no compare-and-set to lose). Not included: the reads the service does before"
                + " each write (session row, node row), which a combined write need not repeat per report. The event"
                + " (`pg_notify`, `PUBLISH`) is sent with every report here; the service's PostgreSQL store sends its"
                + " events from a background thread, several per statement.");
        for (StoreFigures f : figures) {
            if (f.engine() != null) {
                engines.append("\n\n- **").append(f.store()).append("**: ").append(f.engine().work());
            }
        }
        section.text(engines.toString());
        goals(context, section, figures);
    }

    private static List<String> pointRow(String store, String name, Load.Point p, int nodesPerRequest, String check,
                                         double limit) {
        double nodes = p.throughput() * nodesPerRequest;
        return List.of(store, name, Integer.toString(p.concurrency()), Report.num(p.throughput()), Report.num(nodes),
                Report.ms(p.latency().p50()), Report.ms(p.latency().p99()), Report.ms(p.latency().max()),
                HttpPoints.failures(p), check, Report.ratio(nodes / limit), cpu(p.serverCpuMicros()),
                cpu(p.engineCpuMicros()));
    }

    private static String cpu(double micros) {
        return Double.isNaN(micros) ? "–" : Report.num(micros) + " µs";
    }

    private static List<String> oneSessionRow(String store, OneSession s, double limit) {
        if (!s.measuredHere()) {
            return List.of(store, s.name(), Integer.toString(s.connections()), s.notMeasured(), "", "", "", "", "",
                    "", "", "", "");
        }
        String check = (s.exact() ? "exact: " + s.stored() : "**no**: stored " + s.stored() + ", answered "
                + s.answered() * s.nodesPerRequest()) + (s.failedWholeRun().isEmpty() ? ""
                : "; whole run's failures " + s.failedWholeRun());
        if (s.sessions() > 1) {
            check += "; " + s.sessions() + " sessions" + (s.lateCreations() > 0 ? ", " + s.lateCreations()
                    + " created late by the load" : "");
        }
        return pointRow(store, s.name(), s.point(), s.nodesPerRequest(), check, limit);
    }

    /** The goal table of issue 11, by store, each goal with its verdict (also in the report's goal list). */
    private static void goals(Context context, Report.Section section, List<StoreFigures> figures) {
        int low = context.options.hot().low();
        List<String> all = figures.stream().map(StoreFigures::store).toList();
        // Judged on every store, not only those of this run: a store left out is "not measured", never "met".
        List<String> every = Options.ALL_STORES;
        List<String> shared = every.stream().filter(s -> !MEMORY.equals(s)).toList();
        List<List<String>> rows = new ArrayList<>();

        Map<String, Double> hotOverSpread = by(figures, f -> f.oneSessionLow() == null ? Double.NaN
                : f.oneSessionLow().point().throughput() / f.spread().throughput());
        rows.add(goal(context, "one session ÷ 64 sessions, node reports/s, " + low + " connections, each store",
                all, hotOverSpread, Report::ratio, "≥ 0.9", every, v -> v >= 0.9));

        Map<String, Double> hotOverEngine = by(figures, f -> f.engine() == null ? Double.NaN
                : f.oneSessionLow().point().throughput() / f.engine().oneRow().throughput());
        rows.add(goal(context, "one session ÷ engine limit (one transaction per report, one row)", all,
                hotOverEngine, Report::ratio, "≥ 1.5 on postgres", List.of("postgres"), v -> v >= 1.5));

        Map<String, Double> spreadOverEngine = by(figures, f -> f.engine() == null ? Double.NaN
                : f.spread().throughput() / f.engine().spread().throughput());
        rows.add(goal(context, "64 sessions ÷ engine limit (64 rows)", all, spreadOverEngine, Report::ratio,
                "≥ 0.8 on postgres", List.of("postgres"), v -> v >= 0.8));

        Map<String, Double> hotP99 = by(figures, f -> f.oneSessionLow() == null ? Double.NaN
                : f.oneSessionLow().point().latency().p99());
        rows.add(goal(context, "one-session p99, " + low + " connections", all, hotP99, Report::ms,
                "≤ 50 ms on sqlite, postgres, redis", shared, v -> v <= 50));

        Map<String, Double> bulkOverSingle = by(figures, f -> f.bulk() == null || !f.bulk().measuredHere()
                ? Double.NaN : f.bulk().nodesPerSecond() / f.oneSessionLow().point().throughput());
        rows.add(goal(context, "bulk (" + context.options.hot().bulkItems() + " per request) node results/s ÷"
                        + " one-session single reports/s", all, bulkOverSingle, Report::ratio,
                "≥ 20 on each shared store", shared, v -> v >= 20));

        Map<String, Double> failed = by(figures, f -> f.oneSession() == null ? Double.NaN
                : (double) f.oneSession().stream().mapToLong(s -> s.failedWholeRun().values().stream()
                .mapToLong(Long::longValue).sum()).sum());
        rows.add(goal(context, "failed requests, one-session points (" + joined(context.options.hot().connections())
                        + " connections, whole runs)", all, failed, v -> String.format(Locale.ROOT, "%.0f", v), "0",
                every, v -> v == 0));

        Map<String, Double> inexact = by(figures, f -> f.oneSession() == null ? Double.NaN
                : (double) Stream.concat(f.oneSession().stream(), Stream.of(f.bulk()))
                .filter(OneSession::measuredHere).filter(s -> !s.exact()).count());
        rows.add(goal(context, "one-session and bulk points whose stored counters differ from the 200 answers",
                all, inexact, v -> String.format(Locale.ROOT, "%.0f", v), "0", every, v -> v == 0));

        StoreFigures memory = figures.stream().filter(f -> MEMORY.equals(f.store()) && f.unavailable() == null)
                .findFirst().orElse(null);
        if (memory != null) { // the memory store's column is the first
            double spreadRatio = memory.spread().throughput() / memory.baseline().throughput();
            double hotRatio = memory.oneSessionLow().point().throughput() / memory.baseline().throughput();
            String measured = Report.ratio(spreadRatio) + " / " + Report.ratio(hotRatio);
            Report.Verdict verdict = !Double.isFinite(spreadRatio) || !Double.isFinite(hotRatio)
                    ? Report.Verdict.NOT_MEASURED : Report.Verdict.of(spreadRatio >= 0.85 && hotRatio >= 0.85);
            String figure = "memory store: 64 sessions / one session ÷ baseline endpoint";
            context.report.goal(figure, "≥ 0.85 each", measured, verdict);
            List<String> memoryRow = new ArrayList<>(List.of(figure, measured));
            for (int i = 1; i < all.size(); i++) {
                memoryRow.add("");
            }
            memoryRow.add("≥ 0.85 each");
            memoryRow.add(verdict.text);
            rows.add(memoryRow);
        }

        List<String> header = new ArrayList<>(List.of("figure (same run)"));
        header.addAll(all);
        header.add("goal");
        header.add("verdict");
        section.text("The goals of issue 11, per store (the engine-limit goals are set for PostgreSQL; the other"
                + " stores' ratios are shown beside them). The baseline endpoint is `GET /bench/baseline` at " + low
                + " connections (section 2's mean when it ran at that concurrency, else measured here).");
        section.table(header, rows);
    }

    private static Map<String, Double> by(List<StoreFigures> figures, Function<StoreFigures, Double> value) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (StoreFigures f : figures) {
            values.put(f.store(), f.unavailable() != null ? Double.NaN : value.apply(f));
        }
        return values;
    }

    /**
     * One row of the goal table, and the same goal in the report's goal list: met when every judged store was
     * measured and meets it.
     */
    private static List<String> goal(Context context, String figure, List<String> stores, Map<String, Double> values,
                                     Function<Double, String> format, String goal, List<String> judged,
                                     DoublePredicate meets) {
        List<String> row = new ArrayList<>();
        row.add(figure);
        List<String> measured = new ArrayList<>();
        boolean anyMissed = false;
        boolean anyMissing = false;
        for (String store : stores) {
            double v = values.getOrDefault(store, Double.NaN);
            row.add(Double.isFinite(v) ? format.apply(v) : "–");
        }
        for (String store : judged) { // a judged store left out of the run (--stores) is not measured
            double v = values.getOrDefault(store, Double.NaN);
            measured.add(store + " " + (Double.isFinite(v) ? format.apply(v) : "–"));
            if (!Double.isFinite(v)) {
                anyMissing = true;
            } else if (!meets.test(v)) {
                anyMissed = true;
            }
        }
        Report.Verdict verdict = anyMissed ? Report.Verdict.NOT_MET
                : anyMissing ? Report.Verdict.NOT_MEASURED : Report.Verdict.MET;
        row.add(goal);
        row.add(verdict.text);
        context.report.goal(figure, goal, String.join(", ", measured), verdict);
        return row;
    }

    private static String joined(List<Integer> values) {
        return String.join(" and ", values.stream().map(String::valueOf).toList());
    }
}
