package dev.batchtracker.bench.harness;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.sqlite.SQLiteConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The engine limit of a shared store: the durable work of one node report, one report per transaction (or script),
 * issued by the harness straight to the engine at the same concurrency as the HTTP points — no service, no
 * read–derive–compare-and-set, no HTTP. It runs after the store's service process has stopped, against the rows
 * and keys that service created, so the two never share the cores.
 * <p>
 * What one report is follows the store's own statements (store/jdbc/JdbcSessionStore {@code update}, the Redis
 * store's update script, the events each write sends). When the stores' writes change, change them here too: the
 * report prints the statements it measured.
 */
final class EngineLimit {

    private EngineLimit() {
    }

    /** The engine's two points: all reporters on one session's row, and spread over {@code rows} sessions. */
    record Figures(Load.Point oneRow, Load.Point spread, String work) {
    }

    /**
     * What the service left for the engine loop.
     *
     * @param ids running sessions the service created (the first is the one-row point's)
     * @param event an event message of the size the service sends (a status document, as text)
     * @param props the service's store settings (file, database, key prefix)
     */
    record Fixture(String store, List<String> ids, String event, Map<String, String> props) {
    }

    /**
     * Statements of the JDBC stores' node report, in one transaction (see the class comment). The store binds the
     * counters and version it derived from its read and checks that version ({@code AND version = ?}); this loop
     * has no read, so it steps them in SQL instead: the same row write under the same row lock, and no
     * compare-and-set to lose.
     */
    static final String UPDATE_SESSION = "UPDATE batch_session SET status = ?, completed_nodes = completed_nodes + 1,"
            + " failed_nodes = ?, running_nodes = ?, reported_progress = ?, created_at = ?, updated_at = ?,"
            + " last_activity_at = ?, started_at = ?, finished_at = ?, last_node_finished_at = ?, expires_at = ?,"
            + " version = version + 1, reason = ?, history_json = ? WHERE id = ?";
    static final String UPSERT_NODE = "INSERT INTO batch_node (session_id, node_id, status, result_json, error,"
            + " started_at, finished_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, node_id)"
            + " DO UPDATE SET status = excluded.status, result_json = excluded.result_json, error = excluded.error,"
            + " started_at = excluded.started_at, finished_at = excluded.finished_at, updated_at = excluded.updated_at";
    static final String NOTIFY = "SELECT pg_notify(? || current_schema(), ?)";
    private static final String READ_SESSION = "SELECT status, failed_nodes, running_nodes, reported_progress,"
            + " created_at, started_at, reason, history_json FROM batch_session WHERE id = ?";
    private static final String EVENT_CHANNEL_PREFIX = "batch_session_events:";
    private static final String NODE_RESULT = "{\"rows\":42}";
    private static final Duration SESSION_TIMEOUT = Duration.ofMinutes(30);

    /** The Redis store's update script cut to what one report needs (see {@link #redis}). */
    static final String REDIS_SCRIPT = """
            local p, id, node = ARGV[1], ARGV[2], ARGV[3]
            local skey = p .. 's:' .. id
            local v = redis.call('HINCRBY', skey, 'v', 1)
            redis.call('HSET', p .. 'n:' .. id, node, ARGV[4])
            redis.call('ZADD', p .. 'ni:' .. id, 0, 'a:' .. node, 0, 's:COMPLETED:' .. node)
            redis.call('HSET', skey, 'doc', ARGV[5], 'exp', ARGV[6], 'act', ARGV[8])
            redis.call('ZADD', p .. 'idx:exp', ARGV[7], id)
            redis.call('PUBLISH', p .. 'events', ARGV[9])
            return v
            """;

    static Figures measure(Context context, Fixture fixture) throws Exception {
        return switch (fixture.store()) {
            case "postgres" -> postgres(context, fixture);
            case "sqlite" -> sqlite(context, fixture);
            case "redis" -> redis(context, fixture);
            default -> throw new IllegalArgumentException("no engine limit for " + fixture.store());
        };
    }

    private static int concurrency(Context context) {
        return context.options.hot().low();
    }

    // ---- PostgreSQL: one connection per reporter, autocommit off, one transaction per report ----

    private static Figures postgres(Context context, Fixture fixture) throws Exception {
        int threads = concurrency(context);
        String url = "jdbc:postgresql://127.0.0.1:5432/" + StoreStep.PG_DATABASE;
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                Connection c = DriverManager.getConnection(url, "postgres", "");
                c.setAutoCommit(false);
                connections.add(c);
            }
            Dialect pg = new Dialect(id -> UUID.fromString(id), t -> OffsetDateTime.ofInstant(t, ZoneOffset.UTC),
                    Types.TIMESTAMP_WITH_TIMEZONE, (rs, column) -> rs.getObject(column, OffsetDateTime.class));
            List<Row> rows = readRows(connections.get(0), pg, fixture.ids());
            connections.get(0).commit();
            ReportWork work = (thread, row, node) -> {
                Connection c = connections.get(thread);
                try {
                    report(c, pg, row, node);
                    try (PreparedStatement notify = c.prepareStatement(NOTIFY)) {
                        notify.setString(1, EVENT_CHANNEL_PREFIX);
                        notify.setString(2, fixture.event());
                        notify.executeQuery().close();
                    }
                    c.commit();
                } catch (SQLException e) {
                    c.rollback();
                    throw e;
                }
            };
            String text = "one transaction per report, " + threads + " connections, autocommit off: `"
                    + UPDATE_SESSION + "`; `" + UPSERT_NODE + "`; `" + NOTIFY + "` (payload " + fixture.event().length()
                    + " B); `COMMIT`";
            return run(context, "postgres", rows, work, text);
        } finally {
            for (Connection c : connections) {
                c.close();
            }
        }
    }

    // ---- SQLite: the store's one write connection (WAL, synchronous=full), taken in turn by the reporters ----

    private static Figures sqlite(Context context, Fixture fixture) throws Exception {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(10_000);
        config.enforceForeignKeys(true);
        String file = fixture.props().get("batch.sqlite.path");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties())) {
            Dialect sqlite = new Dialect(id -> id, EngineLimit::micros, Types.BIGINT, ResultSet::getObject);
            List<Row> rows = readRows(c, sqlite, fixture.ids());
            ReentrantLock writeTurn = new ReentrantLock(true); // as the store's writer: one at a time, in turn
            ReportWork work = (thread, row, node) -> {
                writeTurn.lock();
                try {
                    execute(c, "BEGIN IMMEDIATE");
                    try {
                        report(c, sqlite, row, node);
                        execute(c, "COMMIT");
                    } catch (SQLException e) {
                        execute(c, "ROLLBACK");
                        throw e;
                    }
                } finally {
                    writeTurn.unlock();
                }
            };
            String text = "one transaction per report on one connection (WAL, `synchronous=full`), taken in turn by "
                    + concurrency(context) + " threads: `BEGIN IMMEDIATE`; `" + UPDATE_SESSION + "`; `" + UPSERT_NODE
                    + "`; `COMMIT`";
            return run(context, "sqlite", rows, work, text);
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** How a JDBC store keeps ids and times. */
    private record Dialect(Function<String, Object> id, Function<Instant, Object> time, int timeType,
                           TimeReader readTime) {
    }

    @FunctionalInterface
    private interface TimeReader {
        Object read(ResultSet rs, String column) throws SQLException;
    }

    /** The columns of a session row a node report writes back unchanged (as the store does, from its read). */
    private record Row(String id, Object idValue, String status, int failed, int running, double progress,
                       Object createdAt, Object startedAt, String reason, String history) {
    }

    private static List<Row> readRows(Connection c, Dialect dialect, List<String> ids) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(READ_SESSION)) {
            for (String id : ids) {
                ps.setObject(1, dialect.id().apply(id));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("session " + id + " is not in the database");
                    }
                    rows.add(new Row(id, dialect.id().apply(id), rs.getString("status"), rs.getInt("failed_nodes"),
                            rs.getInt("running_nodes"), rs.getDouble("reported_progress"),
                            dialect.readTime().read(rs, "created_at"), dialect.readTime().read(rs, "started_at"),
                            rs.getString("reason"), rs.getString("history_json")));
                }
            }
        }
        return rows;
    }

    /** The session update and the node upsert of one report, inside the caller's transaction. */
    private static void report(Connection c, Dialect d, Row row, String node) throws SQLException {
        Instant now = Instant.now();
        Object at = d.time().apply(now);
        try (PreparedStatement ps = c.prepareStatement(UPDATE_SESSION)) {
            ps.setString(1, row.status());
            ps.setInt(2, row.failed());
            ps.setInt(3, row.running());
            ps.setDouble(4, row.progress());
            setTime(ps, 5, row.createdAt(), d);
            ps.setObject(6, at);
            ps.setObject(7, at);
            setTime(ps, 8, row.startedAt(), d);
            setTime(ps, 9, null, d);
            ps.setObject(10, at);
            ps.setObject(11, d.time().apply(now.plus(SESSION_TIMEOUT)));
            ps.setString(12, row.reason());
            ps.setString(13, row.history());
            ps.setObject(14, row.idValue());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("session " + row.id() + " not updated");
            }
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_NODE)) {
            ps.setObject(1, row.idValue());
            ps.setString(2, node);
            ps.setString(3, "COMPLETED");
            ps.setString(4, NODE_RESULT);
            ps.setNull(5, Types.VARCHAR);
            setTime(ps, 6, null, d);
            ps.setObject(7, at);
            ps.setObject(8, at);
            ps.executeUpdate();
        }
    }

    private static void setTime(PreparedStatement ps, int index, Object value, Dialect d) throws SQLException {
        if (value == null) {
            ps.setNull(index, d.timeType());
        } else {
            ps.setObject(index, value);
        }
    }

    private static Object micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    // ---- The timed loop: reporter threads, each report timed, answers filed into the current window ----

    @FunctionalInterface
    private interface ReportWork {
        void report(int thread, Row row, String node) throws Exception;
    }

    private static Figures run(Context context, String store, List<Row> rows, ReportWork work, String text)
            throws InterruptedException {
        Load.Point oneRow = threads(context, store + " engine, one row", rows.subList(0, 1), work, "r");
        Load.Point spread = threads(context, store + " engine, " + rows.size() + " rows", rows, work, "s");
        return new Figures(oneRow, spread, text);
    }

    /** Reporter t's n-th report goes to row (n × threads + t) mod rows, as the HTTP spread point's do. */
    private static Load.Point threads(Context context, String name, List<Row> rows, ReportWork work, String tag)
            throws InterruptedException {
        int threads = concurrency(context);
        AtomicReference<Load.Window> window = new AtomicReference<>(new Load.Window("warm-up", System.nanoTime()));
        AtomicReference<Exception> firstError = new AtomicReference<>();
        CountDownLatch stop = new CountDownLatch(1);
        List<Thread> running = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread reporter = new Thread(() -> {
                for (long n = 0; stop.getCount() > 0; n++) {
                    Row row = rows.get((int) ((n * threads + thread) % rows.size()));
                    long started = System.nanoTime();
                    try {
                        work.report(thread, row, "e" + tag + thread + "-" + n);
                        Load.Window w = window.get();
                        w.ok.increment();
                        w.latencyMicros.recordValue(Math.max(0, (System.nanoTime() - started) / 1000));
                    } catch (Exception e) {
                        firstError.compareAndSet(null, e);
                        Load.Window w = window.get();
                        w.failures.increment();
                        w.statuses.computeIfAbsent(-1, s -> new LongAdder()).increment();
                    }
                }
            }, "bench-engine-" + t);
            reporter.start();
            running.add(reporter);
        }
        Thread.sleep(context.options.warmup().toMillis());
        double clientBefore = EngineCpu.harnessSeconds();
        double engineBefore = EngineCpu.seconds();
        window.set(new Load.Window("measure", System.nanoTime()));
        Thread.sleep(context.options.point().toMillis());
        Load.Window measured = window.getAndSet(new Load.Window("drain", System.nanoTime()));
        measured.endNanos = System.nanoTime();
        double client = EngineCpu.harnessSeconds() - clientBefore;
        double engine = EngineCpu.seconds() - engineBefore;
        stop.countDown();
        for (Thread reporter : running) {
            reporter.join(TimeUnit.SECONDS.toMillis(30));
        }
        Load.Point point = measured.point(name, threads, client, engine);
        if (point.ok() == 0 || firstError.get() != null) {
            context.report.failure(name + ": " + point.ok() + " reports, " + point.failures() + " failed"
                    + (firstError.get() == null ? "" : " (first: " + firstError.get() + ")"));
        }
        return point;
    }

    // ---- Redis: the store's update script cut to one report, from 16 connections (closed loop) ----

    /**
     * Per report one script: the version step (HINCRBY: inside a script the compare cannot lose, so the script
     * steps it without one), the node's hash field and its two index entries, the header's document and times, the
     * expiry index, and the event PUBLISH the store's writes are followed by — what the store's update script and
     * its event do for one report, without the reads, size accounting and totals.
     */
    private static Figures redis(Context context, Fixture fixture) throws Exception {
        int connections = concurrency(context);
        var vertx = context.load.vertx();
        Redis client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://127.0.0.1:6379/" + StoreStep.REDIS_DATABASE)
                .setMaxPoolSize(connections + 1).setMaxPoolWaiting(connections * 4));
        List<RedisConnection> open = new ArrayList<>();
        try {
            for (int i = 0; i < connections; i++) {
                open.add(await(client.connect()));
            }
            String prefix = fixture.props().get("batch.redis.key-prefix");
            String sha = await(open.get(0).send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(REDIS_SCRIPT))).toString();
            Response doc = await(open.get(0).send(Request.cmd(Command.HGET).arg(prefix + "s:" + fixture.ids().get(0))
                    .arg("doc")));
            if (doc == null) {
                throw new IllegalStateException("no session " + fixture.ids().get(0) + " under prefix " + prefix);
            }
            String header = doc.toString();
            String value = "COMPLETED|" + NODE_RESULT;
            ScriptCall call = (id, node) -> {
                Instant now = Instant.now();
                Instant expires = now.plus(SESSION_TIMEOUT);
                return Request.cmd(Command.EVALSHA).arg(sha).arg(0).arg(prefix).arg(id).arg(node).arg(value)
                        .arg(header).arg(nanos(expires)).arg(expires.toEpochMilli()).arg(nanos(now))
                        .arg(fixture.event());
            };
            List<String> ids = fixture.ids();
            Load.Point oneRow = redisLoop(context, "redis engine, one key", open, ids.subList(0, 1), call, "r");
            Load.Point spread = redisLoop(context, "redis engine, " + ids.size() + " keys", open, ids, call, "s");
            String text = "one Lua script per report (EVALSHA), " + connections + " connections, each with one call"
                    + " in flight: HINCRBY of the version, HSET of the node, ZADD of its two index entries, HSET of the"
                    + " header (document of " + header.length() + " B, expiry, activity), ZADD to the expiry index, "
                    + "PUBLISH of the event (" + fixture.event().length() + " B)";
            return new Figures(oneRow, spread, text);
        } finally {
            open.forEach(RedisConnection::close);
            client.close();
        }
    }

    @FunctionalInterface
    private interface ScriptCall {
        Request of(String id, String node);
    }

    private static Load.Point redisLoop(Context context, String name, List<RedisConnection> connections,
                                        List<String> ids, ScriptCall call, String tag) throws InterruptedException {
        int n = connections.size();
        AtomicReference<Load.Window> window = new AtomicReference<>(new Load.Window("warm-up", System.nanoTime()));
        AtomicReference<Throwable> firstError = new AtomicReference<>();
        CountDownLatch drained = new CountDownLatch(n);
        AtomicBoolean stopping = new AtomicBoolean();
        var loop = context.load.vertx().getOrCreateContext();
        class Reporter {
            final int index;

            Reporter(int index) {
                this.index = index;
            }

            void next(long seq) {
                if (stopping.get()) {
                    drained.countDown();
                    return;
                }
                String id = ids.get((int) ((seq * n + index) % ids.size()));
                long started = System.nanoTime();
                connections.get(index).send(call.of(id, "e" + tag + index + "-" + seq)).onComplete(result -> {
                    Load.Window w = window.get();
                    if (result.succeeded()) {
                        w.ok.increment();
                        w.latencyMicros.recordValue(Math.max(0, (System.nanoTime() - started) / 1000));
                    } else {
                        firstError.compareAndSet(null, result.cause());
                        w.failures.increment();
                        w.statuses.computeIfAbsent(-1, s -> new LongAdder()).increment();
                    }
                    next(seq + 1);
                });
            }
        }
        loop.runOnContext(v -> {
            for (int i = 0; i < n; i++) {
                new Reporter(i).next(0);
            }
        });
        Thread.sleep(context.options.warmup().toMillis());
        double clientBefore = EngineCpu.harnessSeconds();
        double engineBefore = EngineCpu.seconds();
        window.set(new Load.Window("measure", System.nanoTime()));
        Thread.sleep(context.options.point().toMillis());
        Load.Window measured = window.getAndSet(new Load.Window("drain", System.nanoTime()));
        measured.endNanos = System.nanoTime();
        double client = EngineCpu.harnessSeconds() - clientBefore;
        double engine = EngineCpu.seconds() - engineBefore;
        stopping.set(true);
        if (!drained.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + ": calls did not drain within 60 s");
        }
        Load.Point point = measured.point(name, n, client, engine);
        if (point.ok() == 0 || firstError.get() != null) {
            context.report.failure(name + ": " + point.ok() + " scripts, " + point.failures() + " failed"
                    + (firstError.get() == null ? "" : " (first: " + firstError.get() + ")"));
        }
        return point;
    }

    private static String nanos(Instant t) {
        return String.format(java.util.Locale.ROOT, "%019d", Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano()));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
