package dev.batchtracker.testing;

import dev.batchtracker.config.BatchConfig;
import io.quarkus.runtime.configuration.MemorySize;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link BatchConfig} for plain unit tests (no Quarkus): the documented defaults, with withers for what a test
 * needs to change.
 */
public record TestBatchConfig(
        StoreKind store,
        Duration sessionTimeout,
        Duration retention,
        Duration staleAfter,
        Duration tombstoneTtl,
        Cleanup cleanup,
        int maxSessions,
        int maxNodes,
        MemorySize maxStoreMemory,
        int degradedThreshold,
        Optional<String> writeToken,
        Sse sse) implements BatchConfig {

    public record TestCleanup(Duration interval, int batchSize) implements Cleanup {
    }

    public record TestSse(Duration heartbeat, int maxSubscribers) implements Sse {
    }

    public record TestCompaction(Duration after, int maxPerRun) implements Compaction {
    }

    /** The documented defaults; a cleanup test moves its clock past the hour rather than changing them. */
    @Override
    public Compaction compaction() {
        return new TestCompaction(Duration.ofHours(1), 10_000);
    }

    /** Exact expiry, so that tests can name it; ExpiryStepTest covers the rounding. */
    @Override
    public Duration expiryStep() {
        return Duration.ZERO;
    }

    @Override
    public Duration storeTimeout() {
        return Duration.ofSeconds(2);
    }

    public record TestSqlite(String path, SqliteSynchronous synchronous, int readers) implements Sqlite {
    }

    @Override
    public Sqlite sqlite() {
        return new TestSqlite("./data/sessions.db", SqliteSynchronous.FULL, 4);
    }

    public static TestBatchConfig defaults() {
        return new TestBatchConfig(StoreKind.MEMORY, Duration.ofMinutes(30), Duration.ofMinutes(30),
                Duration.ofMinutes(2), Duration.ofHours(1), new TestCleanup(Duration.ofSeconds(60), 500), 100_000,
                100_000, new MemorySize(BigInteger.valueOf(512L << 20)), 1_000, Optional.empty(),
                new TestSse(Duration.ofSeconds(15), 10_000));
    }

    /**
     * {@code base} with the setting {@code name} answering {@code value}: a proxy, so the record of defaults keeps
     * its shape and every other setting stays {@code base}'s.
     */
    public static BatchConfig overriding(BatchConfig base, String name, Object value) {
        return (BatchConfig) Proxy.newProxyInstance(BatchConfig.class.getClassLoader(),
                new Class<?>[] {BatchConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals(name) && method.getParameterCount() == 0) {
                        return value;
                    }
                    try {
                        return method.invoke(base, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    public TestBatchConfig withSessionTimeout(Duration value) {
        return new TestBatchConfig(store, value, retention, staleAfter, tombstoneTtl, cleanup, maxSessions, maxNodes,
                maxStoreMemory, degradedThreshold, writeToken, sse);
    }

    public TestBatchConfig withRetention(Duration value) {
        return new TestBatchConfig(store, sessionTimeout, value, staleAfter, tombstoneTtl, cleanup, maxSessions,
                maxNodes, maxStoreMemory, degradedThreshold, writeToken, sse);
    }

    public TestBatchConfig withStaleAfter(Duration value) {
        return new TestBatchConfig(store, sessionTimeout, retention, value, tombstoneTtl, cleanup, maxSessions,
                maxNodes, maxStoreMemory, degradedThreshold, writeToken, sse);
    }

    public TestBatchConfig withTombstoneTtl(Duration value) {
        return new TestBatchConfig(store, sessionTimeout, retention, staleAfter, value, cleanup, maxSessions,
                maxNodes, maxStoreMemory, degradedThreshold, writeToken, sse);
    }

    public TestBatchConfig withMaxSessions(int value) {
        return new TestBatchConfig(store, sessionTimeout, retention, staleAfter, tombstoneTtl, cleanup, value,
                maxNodes, maxStoreMemory, degradedThreshold, writeToken, sse);
    }

    public TestBatchConfig withMaxNodes(int value) {
        return new TestBatchConfig(store, sessionTimeout, retention, staleAfter, tombstoneTtl, cleanup, maxSessions,
                value, maxStoreMemory, degradedThreshold, writeToken, sse);
    }

    public TestBatchConfig withMaxStoreMemory(long bytes) {
        return new TestBatchConfig(store, sessionTimeout, retention, staleAfter, tombstoneTtl, cleanup, maxSessions,
                maxNodes, new MemorySize(BigInteger.valueOf(bytes)), degradedThreshold, writeToken, sse);
    }
}
