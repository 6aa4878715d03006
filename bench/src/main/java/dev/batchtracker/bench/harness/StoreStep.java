package dev.batchtracker.bench.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(HttpPoints.row(rename(memory, "memory"), null));
        List<String> notes = new ArrayList<>();
        String run = Long.toString(System.currentTimeMillis());
        for (String store : o.stores()) {
            String unavailable = unavailable(store);
            if (unavailable != null) {
                rows.add(List.of(store, "not measured: " + unavailable, "", "", "", "", "", "", "", "", ""));
                if ("true".equals(System.getenv("CI"))) {
                    context.report.failure(store + ": " + unavailable);
                }
                continue;
            }
            Map<String, String> props = new HashMap<>(HttpStep.PROPS);
            props.putAll(storeProps(o, store, run));
            try (Server server = Server.start(o, "stores-" + store, Context.serverJvm("2g"), props)) {
                try {
                    server.awaitReady(Duration.ofMinutes(2));
                } catch (IllegalStateException e) {
                    if (e.getMessage().contains("is not built yet")) {
                        rows.add(List.of(store, "not yet available", "", "", "", "", "", "", "", "", ""));
                        continue;
                    }
                    throw e;
                }
                Load.Point point = HttpPoints.nodeReport(context, server, new Api(server.port()),
                        "PUT node report (" + store + ")");
                rows.add(HttpPoints.row(rename(point, store), memory));
            }
        }
        context.report.section("7. Stores: PUT node report per store")
                .text("The node-report point of section 2 (same concurrency, durations, fixtures and server heap) with"
                        + " `batch.store` set to each store; ratios are to the in-memory store's point. Store settings: "
                        + "sqlite — a fresh file under target/bench; postgres — 127.0.0.1:5432, database `postgres`;"
                        + " redis — 127.0.0.1:6379 with a key prefix unique to the run.")
                .table(storeHeader(), rows);
        notes.forEach(n -> context.report.sections.get(context.report.sections.size() - 1).text(n));
    }

    private static List<String> storeHeader() {
        List<String> header = new ArrayList<>(HttpPoints.HEADER);
        header.set(0, "store");
        for (int i = 7; i < header.size(); i++) {
            header.set(i, header.get(i).replace("baseline", "memory"));
        }
        return header;
    }

    private static Load.Point rename(Load.Point p, String name) {
        return new Load.Point(name, p.concurrency(), p.seconds(), p.ok(), p.failures(), p.throughput(), p.latency(),
                p.statuses());
    }

    /** Why a store cannot be measured on this machine, or null. */
    private static String unavailable(String store) {
        return switch (store) {
            case "postgres" -> reachable(5432) ? null : "no PostgreSQL on 127.0.0.1:5432";
            case "redis" -> reachable(6379) ? null : "no Redis on 127.0.0.1:6379";
            default -> null;
        };
    }

    private static boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
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
                props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
                props.put("quarkus.datasource.username", "postgres");
            }
            case "redis" -> {
                props.put("quarkus.redis.hosts", "redis://127.0.0.1:6379");
                props.put("batch.redis.key-prefix", "bench-" + run + ":");
            }
            default -> throw new IllegalArgumentException("unknown store " + store);
        }
        return props;
    }
}
