package dev.batchtracker.bench.jmh;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.events.InProcessEventHub;
import dev.batchtracker.session.metrics.BatchMeters;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import dev.batchtracker.session.store.jdbc.JdbcSessionStore;
import dev.batchtracker.session.store.postgres.PostgresStoreProducer;
import dev.batchtracker.session.store.redis.RedisKeys;
import dev.batchtracker.session.store.redis.RedisSessionStore;
import dev.batchtracker.session.store.sqlite.SqliteStoreProducer;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** Builds the manager outside Quarkus, wired as the service wires it, for the in-process benchmarks. */
public final class InProcess {

    /** The production clock: UTC with millisecond ticks. */
    static final Clock CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));

    private InProcess() {
    }

    /** The service's configuration with its defaults (read through the real mapping), plus overrides. */
    static BatchConfig config(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(BatchConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(overrides, "bench", 500))
                .build();
        return config.getConfigMapping(BatchConfig.class);
    }

    /** The PostgreSQL database the in-process benchmarks use; the harness drops and creates it before a run. */
    public static final String PG_DATABASE = "batch_bench_jmh";
    /** The Redis database index the in-process benchmarks use; the harness flushes it before a run. */
    public static final int REDIS_DATABASE = 8;

    /** A store and what closes it. */
    record Opened(SessionStore store, AutoCloseable closer) {
    }

    static Opened store(String name) {
        return switch (name) {
            case "memory" -> new Opened(new InMemorySessionStore(), () -> { });
            case "sqlite" -> sqlite();
            case "postgres" -> postgres();
            case "redis" -> redis();
            default -> throw new IllegalArgumentException("no in-process store named " + name);
        };
    }

    /** As the service opens it by default: a fresh file, WAL, synchronous=full, 4 readers. */
    private static Opened sqlite() {
        try {
            Path dir = Files.createTempDirectory("bench-sqlite");
            JdbcSessionStore store = SqliteStoreProducer.open(dir.resolve("sessions.db"), STORE_TIMEOUT,
                    BatchConfig.SqliteSynchronous.FULL, 4);
            return new Opened(store, store::close);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pool of 8 connections (Agroal, as Quarkus uses) and the service's own Flyway migrations. */
    private static Opened postgres() {
        try {
            AgroalDataSource pool = AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                    .connectionPoolConfiguration(cp -> cp.maxSize(8).initialSize(1)
                            .connectionFactoryConfiguration(cf -> cf
                                    .jdbcUrl("jdbc:postgresql://127.0.0.1:5432/" + PG_DATABASE)
                                    .principal(new NamePrincipal("postgres")))));
            Runnable migrate = () -> Flyway.configure().dataSource(pool).locations("classpath:db/migration/postgres")
                    .load().migrate();
            JdbcSessionStore store = PostgresStoreProducer.open(pool, migrate, STORE_TIMEOUT);
            return new Opened(store, () -> {
                store.close();
                pool.close();
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Opened redis() {
        io.vertx.mutiny.core.Vertx vertx = io.vertx.mutiny.core.Vertx.vertx();
        Redis client = Redis.createClient(vertx, new RedisOptions()
                .setConnectionString("redis://127.0.0.1:6379/" + REDIS_DATABASE).setMaxPoolSize(16)
                .setMaxPoolWaiting(1_024));
        RedisSessionStore store = new RedisSessionStore(client, new RedisKeys("jmh-" + UUID.randomUUID() + ":"),
                STORE_TIMEOUT);
        return new Opened(store, () -> {
            client.close();
            vertx.closeAndAwait();
        });
    }

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(10);

    static BatchSessionManager manager(SessionStore store) {
        BatchConfig config = config(Map.of("batch.max-sessions", "100000000", "batch.max-nodes", "1000000",
                "batch.max-store-memory", "1T"));
        return new BatchSessionManager(store, new InProcessEventHub(), CLOCK, config,
                new BatchMeters(new SimpleMeterRegistry()));
    }

    static CreateSession request(int nodeCount) {
        return new CreateSession("/canvases/bench/flow.json", nodeCount, null, null, null, null);
    }
}
