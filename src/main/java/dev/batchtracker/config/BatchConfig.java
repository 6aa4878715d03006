package dev.batchtracker.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Everything under {@code batch.*}. Environment variables follow the usual mapping (BATCH_SESSION_TIMEOUT). */
@ConfigMapping(prefix = "batch")
public interface BatchConfig {

    /** Which store holds the sessions. */
    @WithDefault("memory")
    StoreKind store();

    enum StoreKind {
        MEMORY, SQLITE, POSTGRES, REDIS;

        /** Whether several instances may use the store at once (their events then travel between them). */
        public boolean shared() {
            return switch (this) {
                case MEMORY, SQLITE -> false;
                case POSTGRES, REDIS -> true;
            };
        }

        /** The value of {@code batch.store} naming this kind; also the {@code @Identifier} of its beans. */
        public String configName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How long a request waits for a shared store (PostgreSQL, Redis) before it fails with 503. */
    @WithDefault("2S")
    Duration storeTimeout();

    /** A non-terminal session expires this long after its last write (reads never extend it). */
    @WithDefault("30M")
    Duration sessionTimeout();

    /**
     * An unfinished session's {@code expires_at} is rounded up to a whole multiple of this step (milliseconds; 0:
     * exact), so that a stream of writes moves it, and each store's expiry index, once per step instead of on every
     * write. A session expires at most one step later than {@code session-timeout} after its last write, never earlier.
     */
    @WithDefault("10S")
    Duration expiryStep();

    /** A terminal session is kept this long after it finished, then purged. */
    @WithDefault("30M")
    Duration retention();

    /** A running session with no write for this long is reported as stale. */
    @WithDefault("2M")
    Duration staleAfter();

    /** How long a removed session answers 410 Gone (with its reason) before it answers 404. */
    @WithDefault("1H")
    Duration tombstoneTtl();

    Cleanup cleanup();

    /** Compaction of finished sessions, done by the cleanup runs. */
    Compaction compaction();

    /** Sessions held at most; creating one more answers 503 with Retry-After. */
    @WithDefault("100000")
    int maxSessions();

    /** The largest node_count (and group node set) a session may have. */
    @WithDefault("100000")
    int maxNodes();

    /**
     * The memory store's budget for its own heap footprint (its running estimate, as in the metrics'
     * memory_usage_mb): readiness reports degraded from 80 % of it, and a create at 100 % answers 503 with
     * Retry-After. A size such as 512M, 1G or 268435456 (bytes), above zero. Other stores ignore it: their data is
     * not on this process's heap.
     */
    @WithDefault("512M")
    @WithConverter(StoreMemoryConverter.class)
    MemorySize maxStoreMemory();

    /** Readiness reports degraded at or above this many active sessions. */
    @WithDefault("1000")
    int degradedThreshold();

    /** When set, writes, the session list, metrics and cleanup need "Authorization: Bearer &lt;token&gt;". */
    Optional<String> writeToken();

    Sse sse();

    Sqlite sqlite();

    interface Sqlite {
        /**
         * The database file (its folder is created). WAL mode adds the -wal and -shm files beside it. Waits for
         * the single writer are bounded by {@code batch.store-timeout} (then 503).
         */
        @WithDefault("./data/sessions.db")
        String path();

        /**
         * FULL: a commit is on disk before the write is acknowledged, so it survives a crash of the process and
         * of the machine. NORMAL: survives a crash of the process (kill -9) but the last commits may be lost on a
         * power cut; faster.
         */
        @WithDefault("full")
        SqliteSynchronous synchronous();

        /** Connections for reads (WAL lets them run beside the single writer). */
        @WithDefault("4")
        int readers();
    }

    enum SqliteSynchronous {
        NORMAL, FULL
    }

    interface Cleanup {
        /** How often the cleanup job runs. */
        @WithDefault("60S")
        Duration interval();

        /** Sessions removed per batch within one run. */
        @WithDefault("500")
        int batchSize();
    }

    interface Compaction {
        /**
         * A finished session is compacted this long after it finished: its node results are dropped and errors cut
         * to 256 characters, its document, history and node statuses and times kept. {@code 0} turns compaction off.
         */
        @WithDefault("1H")
        Duration after();

        /** Sessions compacted at most per cleanup run (in batches of {@code batch.cleanup.batch-size}). */
        @WithDefault("10000")
        int maxPerRun();

        /** Whether compaction is on: {@link #after()} is positive. */
        default boolean enabled() {
            return !after().isZero() && !after().isNegative();
        }
    }

    interface Sse {
        /** A comment line is sent this often on every open stream, to keep proxies from closing it. */
        @WithDefault("15S")
        Duration heartbeat();

        /** Open streams per instance at most; one more answers 503. */
        @WithDefault("10000")
        int maxSubscribers();
    }
}
