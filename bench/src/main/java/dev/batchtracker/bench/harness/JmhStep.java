package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.bench.jmh.InProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** (1) The manager in process (JMH, per store) against a bare ConcurrentHashMap doing the same work. */
final class JmhStep implements Step {

    private static final Map<String, String> OPERATIONS = new LinkedHashMap<>();

    static {
        OPERATIONS.put("nodeReport", "node report");
        OPERATIONS.put("transition", "transition (pending → running)");
        OPERATIONS.put("statusRead", "status read");
    }

    private static final List<String> STORE_ORDER = List.of("memory", "sqlite", "postgres", "redis");

    @Override
    public String name() {
        return "jmh";
    }

    @Override
    public void run(Context context) throws Exception {
        Options options = context.options;
        Path results = options.buildDir().resolve("jmh-results.json");
        Files.deleteIfExists(results);
        List<String> command = new ArrayList<>(List.of(Server.javaBinary(), "-cp", System.getProperty("java.class.path"),
                "org.openjdk.jmh.Main", "-rf", "json", "-rff", results.toString()));
        command.addAll(options.jmhArgs());
        List<String> durable = new ArrayList<>();
        List<String> notMeasured = new ArrayList<>();
        for (String store : options.sharedStores()) {
            String unavailable = StoreStep.unavailable(store);
            if (unavailable != null) {
                notMeasured.add(store + " (" + unavailable + ")");
                continue;
            }
            durable.add(store);
            if (store.equals("postgres")) {
                StoreServers.freshPostgresDatabase(InProcess.PG_DATABASE);
            } else if (store.equals("redis")) {
                StoreServers.flushRedisDatabase(InProcess.REDIS_DATABASE);
            }
        }
        if (durable.isEmpty()) {
            command.addAll(List.of("-e", "DurableStoreBenchmarks"));
        } else {
            command.addAll(List.of("-p", "durable=" + String.join(",", durable)));
        }
        command.add("dev\\.batchtracker\\.bench\\.jmh\\..*");
        Path log = options.buildDir().resolve("logs/jmh.log");
        Files.createDirectories(log.getParent());
        Process jmh = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        int exit = jmh.waitFor();
        if (exit != 0 || !Files.exists(results)) {
            throw new IllegalStateException("JMH exited with " + exit + "; see " + log);
        }
        JsonNode runs = Api.JSON.readTree(results.toFile());
        // (operation, store) -> ns/op of the manager; operation -> ns/op of the bare map
        Map<String, Map<String, Double>> manager = new LinkedHashMap<>();
        Map<String, Double> baseline = new LinkedHashMap<>();
        for (JsonNode run : runs) {
            String benchmark = run.get("benchmark").asText();
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            double nsPerOp = run.get("primaryMetric").get("score").asDouble();
            if (benchmark.contains("MapBaselineBenchmarks")) {
                baseline.put(method, nsPerOp);
            } else {
                JsonNode params = run.path("params");
                String store = params.has("durable") ? params.get("durable").asText()
                        : params.path("store").asText("memory");
                manager.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(store, nsPerOp);
            }
        }
        if (log.toFile().length() > 0 && Files.readString(log).contains("<failure>")) {
            context.report.failure("JMH reported a benchmark failure; see " + log);
        }
        List<List<String>> rows = new ArrayList<>();
        double nodeReportRatio = Double.NaN;
        for (var op : OPERATIONS.entrySet()) {
            Double base = baseline.get(op.getKey());
            Map<String, Double> byStore = manager.getOrDefault(op.getKey(), Map.of());
            Double memory = byStore.get("memory");
            List<Map.Entry<String, Double>> ordered = new ArrayList<>(byStore.entrySet());
            ordered.sort(Map.Entry.comparingByKey(java.util.Comparator.comparingInt(STORE_ORDER::indexOf)));
            for (var entry : ordered) {
                double ratio = base == null ? Double.NaN : base / entry.getValue();
                if (op.getKey().equals("nodeReport") && entry.getKey().equals("memory")) {
                    nodeReportRatio = ratio;
                }
                rows.add(List.of(op.getValue(), entry.getKey(), Report.num(1e9 / entry.getValue()),
                        Report.num(entry.getValue()), base == null ? "–" : Report.num(1e9 / base),
                        base == null ? "–" : Report.num(base), Report.ratio(ratio),
                        memory == null ? "–" : Report.ratio(memory / entry.getValue())));
            }
            if (base == null || !manager.getOrDefault(op.getKey(), Map.of()).containsKey("memory")) {
                context.report.failure("JMH produced no result for " + op.getKey());
            }
        }
        context.report.section("1. In-process manager (JMH)")
                .text("One thread. Writes are timed as a batch of " + String.format("%,d", 20_000)
                        + " fresh operations per iteration (a node can be reported once, a session started once) —"
                        + " JMH single-shot mode, 40 warm-up and 40 measured iterations; reads are an average over"
                        + " 5 × 1 s after 3 × 1 s warm-up. The baseline does the same work as a bare"
                        + " `ConcurrentHashMap.compute` on the `Session` record itself (node report: put the node result"
                        + " in a HashMap and replace the record with counters and version moved on; transition:"
                        + " replace the record with the new status and one more history entry; read: `get`) — no rules,"
                        + " clock, expiry, version check, metrics or events: the in-memory limit.")
                .table(List.of("operation", "store", "manager ops/s", "manager ns/op", "bare map ops/s",
                        "bare map ns/op", "manager / bare map", "store / memory"), rows)
                .text("The durable and shared stores run the same operations in batches of 100 (2 warm-up and 4"
                        + " measured iterations), against the SQLite file the service would create"
                        + " (`synchronous=full`), and PostgreSQL and Redis on this machine (127.0.0.1), through the"
                        + " stores' own classes with an Agroal pool and the Flyway migrations for PostgreSQL."
                        + (notMeasured.isEmpty() ? "" : " Not measured: " + String.join(", ", notMeasured) + "."));
        context.report.goal("manager node report / bare ConcurrentHashMap.compute", "≥ 0.3",
                Report.ratio(nodeReportRatio), Double.isNaN(nodeReportRatio) ? Report.Verdict.NOT_MEASURED
                        : Report.Verdict.of(nodeReportRatio >= 0.3));
    }
}
