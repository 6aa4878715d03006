package dev.batchtracker.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** (7) The HTTP node-report point against each durable or shared store, as ratios to the in-memory store. */
final class StoreStep implements Step {

    @Override
    public String name() {
        return "stores";
    }

    @Override
    public void run(Context context) throws Exception {
        Options o = context.options;
        Load.Point memory = context.memoryNodeReport;
        if (memory == null) {
            try (Server server = Server.start(o, "stores-memory", Context.serverJvm("2g"), HttpStep.PROPS)) {
                server.awaitReady(Duration.ofMinutes(2));
                memory = HttpPoints.nodeReport(context, server, new Api(server.port()), "PUT node report (memory)");
            }
            context.spreadNodeReports.put("memory", memory);
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HttpPoints.row(rename(memory, "memory"), null));
        String run = Long.toString(System.currentTimeMillis());
        for (String store : o.sharedStores()) {
            String unavailable = unavailable(store);
            if (unavailable != null) {
                rows.add(List.of(store, unavailable, "", "", "", "", "", "", "", "", "", ""));
                if ("true".equals(System.getenv("CI")) && !unavailable.startsWith("not yet available")) {
                    context.report.failure(store + ": " + unavailable);
                }
                continue;
            }
            Map<String, String> props = new HashMap<>(HttpStep.PROPS);
            props.putAll(storeProps(o, store, run));
            try (Server server = Server.start(o, "stores-" + store, Context.serverJvm("2g"), props)) {
                server.awaitReady(Duration.ofMinutes(2));
                Load.Point point = HttpPoints.nodeReport(context, server, new Api(server.port()),
                        "PUT node report (" + store + ")");
                context.spreadNodeReports.put(store, point);
                rows.add(HttpPoints.row(rename(point, store), memory));
            }
        }
        context.report.section("7. Stores: PUT node report per store")
                .text("The node-report point of section 2 (same concurrency, durations, fixtures and server heap) with"
                        + " `batch.store` set to each store; ratios are to the in-memory store's point. Store settings: "
                        + "sqlite — a fresh file under target/bench, the default `batch.sqlite.synchronous=full`;"
                        + " postgres — 127.0.0.1:5432, a database `" + PG_DATABASE + "` created afresh;"
                        + " redis — 127.0.0.1:6379, database " + REDIS_DATABASE + " flushed first.")
                .table(storeHeader(), rows);
    }

    private static List<String> storeHeader() {
        List<String> header = new ArrayList<>(HttpPoints.HEADER);
        header.set(0, "store");
        for (int i = 8; i < header.size(); i++) {
            header.set(i, header.get(i).replace("baseline", "memory"));
        }
        return header;
    }

    private static Load.Point rename(Load.Point p, String name) {
        return new Load.Point(name, p.concurrency(), p.seconds(), p.ok(), p.failures(), p.throughput(), p.latency(),
                p.statuses(), p.serverCpuMicros(), p.engineCpuMicros());
    }

    /** A database of the benchmark's own, dropped and created again on every run, so tests' data never mix in. */
    static final String PG_DATABASE = "batch_bench";
    /** A Redis database index of the benchmark's own, flushed on every run. */
    static final int REDIS_DATABASE = 7;

    /** Why a store cannot be measured in this build or on this machine, or null. */
    static String unavailable(String store) {
        String marker = switch (store) {
            case "sqlite" -> "dev.batchtracker.session.store.sqlite.SqliteStoreProducer";
            case "postgres" -> "dev.batchtracker.session.store.postgres.PostgresStoreProducer";
            case "redis" -> "dev.batchtracker.session.store.redis.RedisSessionStore";
            default -> throw new IllegalArgumentException("unknown store " + store);
        };
        try {
            Class.forName(marker, false, StoreStep.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return "not yet available (this build has no " + store + " store)";
        }
        return switch (store) {
            case "postgres" -> StoreServers.reachable(5432) ? null : "no PostgreSQL on 127.0.0.1:5432";
            case "redis" -> StoreServers.reachable(6379) ? null : "no Redis on 127.0.0.1:6379";
            default -> null;
        };
    }

    static Map<String, String> storeProps(Options o, String store, String run) throws IOException {
        Map<String, String> props = new HashMap<>();
        props.put("batch.store", store);
        switch (store) {
            case "sqlite" -> {
                Path dir = o.buildDir().resolve("sqlite").toAbsolutePath();
                Files.createDirectories(dir);
                props.put("batch.sqlite.path", dir.resolve("sessions-" + run + ".db").toString());
            }
            case "postgres" -> {
                StoreServers.freshPostgresDatabase(PG_DATABASE);
                props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + PG_DATABASE);
                props.put("quarkus.datasource.username", "postgres");
            }
            case "redis" -> {
                StoreServers.flushRedisDatabase(REDIS_DATABASE);
                props.put("quarkus.redis.hosts", "redis://127.0.0.1:6379/" + REDIS_DATABASE);
                props.put("batch.redis.key-prefix", "bench-" + run + ":");
            }
            default -> throw new IllegalArgumentException("unknown store " + store);
        }
        return props;
    }
}
