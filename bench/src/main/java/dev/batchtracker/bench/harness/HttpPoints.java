package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The load points of the HTTP and store steps, and the fixtures they need. */
final class HttpPoints {

    static final int WRITE_SESSIONS = 64;
    private static final Buffer NODE_BODY = Buffer.buffer("{\"status\":\"completed\",\"result\":{\"rows\":42}}");
    private static final Buffer CREATE_BODY = Buffer.buffer("{\"canvas_path\":\"/canvases/bench/flow.json\",\"node_count\":10}");

    private HttpPoints() {
    }

    static Load.Point baseline(Context context, Server server, String name) throws InterruptedException {
        Load.Request request = new Load.Request(HttpMethod.GET, "/bench/baseline", null);
        return point(context, server, name, (user, seq) -> request, 200);
    }

    static Load.Point eventLoopBaseline(Context context, Server server) throws InterruptedException {
        Load.Request request = new Load.Request(HttpMethod.GET, "/bench/baseline/event-loop", null);
        return point(context, server, "baseline on the event loop", (user, seq) -> request, 200);
    }

    /** PUT of a node-report-shaped body to the baseline endpoint: the framework's cost of a small write. */
    static Load.Point writeBaseline(Context context, Server server, String name) throws InterruptedException {
        Load.Request request = new Load.Request(HttpMethod.PUT, "/bench/baseline", NODE_BODY);
        return point(context, server, name, (user, seq) -> request, 200);
    }

    /** GET status over 100 running sessions with 10 of their 100 nodes reported. */
    static Load.Point statusRead(Context context, Server server, Api api) throws Exception {
        List<String> ids = seededIds(api, 100, 100, 10);
        List<Load.Request> requests = new ArrayList<>();
        for (String id : ids) {
            requests.add(new Load.Request(HttpMethod.GET, Api.BASE + "/status/" + id, null));
        }
        int n = requests.size();
        return point(context, server, "GET status", (user, seq) -> requests.get((int) ((seq * 31 + user) % n)), 200);
    }

    /**
     * PUT node reports, each a new node finishing ("completed" with a small result), spread over
     * {@value #WRITE_SESSIONS} running sessions with room for 100,000 nodes each.
     */
    static Load.Point nodeReport(Context context, Server server, Api api, String name) throws Exception {
        List<String> ids = seededIds(api, WRITE_SESSIONS, 100_000, 1);
        return point(context, server, name, spreadNodeReports(ids, context.options.concurrency()), 200);
    }

    /** The node-report point's requests: user u's n-th report goes to session (n × concurrency + u) mod 64. */
    static Load.Source spreadNodeReports(List<String> ids, int concurrency) {
        return (user, seq) -> {
            String id = ids.get((int) ((seq * concurrency + user) % ids.size()));
            return nodeReport(id, "u" + user + "-" + seq);
        };
    }

    /** A PUT of a new node as completed with a small result: every node-report point's request. */
    static Load.Request nodeReport(String id, String nodeId) {
        return new Load.Request(HttpMethod.PUT, Api.BASE + "/sessions/" + id + "/nodes/" + nodeId, NODE_BODY);
    }

    static Load.Point create(Context context, Server server) throws InterruptedException {
        Load.Request request = new Load.Request(HttpMethod.POST, Api.BASE + "/sessions", CREATE_BODY);
        return point(context, server, "POST sessions", (user, seq) -> request, 201);
    }

    private static Load.Point point(Context context, Server server, String name, Load.Source source, int expected)
            throws InterruptedException {
        Options o = context.options;
        Load.Point point = context.load.point(name, server, o.concurrency(), o.warmup(), o.point(), source, expected);
        if (point.ok() == 0 || point.failureRate() > 0.01) {
            context.report.failure(name + ": " + point.ok() + " answers of the expected " + expected + ", "
                    + point.failures() + " others " + point.statuses());
        }
        return point;
    }

    /** Sessions seeded in process: {@code nodesReported} > 0 leaves them running with that many nodes done. */
    static List<String> seededIds(Api api, int count, int nodeCount, int nodesReported)
            throws IOException, InterruptedException {
        JsonNode seeded = api.seed(count, nodeCount, nodesReported, 1);
        List<String> ids = new ArrayList<>();
        seeded.get("ids").forEach(id -> ids.add(id.asText()));
        if (ids.size() != Math.min(count, 100)) {
            throw new IllegalStateException("seeding returned " + ids.size() + " ids");
        }
        return ids;
    }

    static List<String> row(Load.Point p, Load.Point baseline) {
        return List.of(p.name(), Report.num(p.throughput()), Report.ms(p.latency().p50()), Report.ms(p.latency().p99()),
                Report.ms(p.latency().p999()), Report.ms(p.latency().max()), failures(p),
                Double.isNaN(p.serverCpuMicros()) ? "–" : Report.num(p.serverCpuMicros()) + " µs",
                baseline == null ? "–" : Report.ratio(p.throughput() / baseline.throughput()),
                baseline == null ? "–" : Report.ratio(p.latency().p50() / baseline.latency().p50()),
                baseline == null ? "–" : Report.ratio(p.latency().p99() / baseline.latency().p99()),
                baseline == null ? "–" : Report.ratio(p.latency().p999() / baseline.latency().p999()));
    }

    static String failures(Load.Point p) {
        return p.failures() == 0 ? "0" : p.failures() + " " + p.statuses();
    }

    static final List<String> HEADER = List.of("point", "req/s", "p50", "p99", "p99.9", "max", "failures",
            "service CPU per request",
            "req/s ÷ baseline", "p50 ÷ baseline", "p99 ÷ baseline", "p99.9 ÷ baseline");
}
