package dev.batchtracker.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
        String run = Long.toString(System.currentTimeMillis());
        for (String store : o.stores()) {
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
                p.statuses(), p.serverCpuMicros());
    }

    /** Why a store cannot be measured in this build or on this machine, or null. */
    private static String unavailable(String store) {
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

    /** A database of the benchmark's own, dropped and created again on every run, so tests' data never mix in. */
    static final String PG_DATABASE = "batch_bench";
    /** A Redis database index of the benchmark's own, flushed on every run. */
    static final int REDIS_DATABASE = 7;

    private static void freshPostgresDatabase() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + PG_DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + PG_DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + PG_DATABASE + ": " + e.getMessage(), e);
        }
    }

    /** SELECT and FLUSHDB in Redis's own protocol: the harness needs no client library for two commands. */
    private static void flushRedisDatabase() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", 6379)) {
            socket.setSoTimeout(5_000);
            String db = Integer.toString(REDIS_DATABASE);
            String commands = "*2\r\n$6\r\nSELECT\r\n$" + db.length() + "\r\n" + db + "\r\n*1\r\n$7\r\nFLUSHDB\r\n";
            socket.getOutputStream().write(commands.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            for (int i = 0; i < 2; i++) {
                String reply = in.readLine();
                if (reply == null || !reply.startsWith("+OK")) {
                    throw new IOException("Redis answered " + reply);
                }
            }
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
                freshPostgresDatabase();
                props.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/" + PG_DATABASE);
                props.put("quarkus.datasource.username", "postgres");
            }
            case "redis" -> {
                flushRedisDatabase();
                props.put("quarkus.redis.hosts", "redis://127.0.0.1:6379/" + REDIS_DATABASE);
                props.put("batch.redis.key-prefix", "bench-" + run + ":");
            }
            default -> throw new IllegalArgumentException("unknown store " + store);
        }
        return props;
    }
}
