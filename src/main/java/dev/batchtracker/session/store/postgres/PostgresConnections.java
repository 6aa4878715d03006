package dev.batchtracker.session.store.postgres;

import dev.batchtracker.session.StoreUnavailableException;
import dev.batchtracker.session.store.jdbc.ConnectionSource;
import dev.batchtracker.session.store.jdbc.SqlWork;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pooled connections to PostgreSQL (the pool's acquisition and login timeouts and the server's statement timeout
 * bound every call by {@code batch.store-timeout}). The schema is migrated before first use, not at start-up, so
 * the service starts, and answers 503, while the database is unreachable, and catches up when it returns.
 */
final class PostgresConnections implements ConnectionSource {

    private static final Logger LOG = Logger.getLogger(PostgresConnections.class);

    private final DataSource dataSource;
    private final Runnable migration;
    private final Duration timeout;
    private final ReentrantLock migrating = new ReentrantLock();
    private volatile boolean migrated;
    /** One warning per outage, not one per request. */
    private final java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();

    /** @param migration brings the schema up to date (Flyway); idempotent and safe to run on several instances */
    PostgresConnections(DataSource dataSource, Runnable migration, Duration timeout) {
        this.dataSource = dataSource;
        this.migration = migration;
        this.timeout = timeout;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Migrates the schema now if it is not yet; throws StoreUnavailableException when the database is down. */
    void ensureSchema() {
        if (migrated) {
            return;
        }
        try {
            if (!migrating.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreUnavailableException("the PostgreSQL schema is being migrated; retry", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the schema migration", e);
        }
        try {
            if (!migrated) {
                migration.run();
                migrated = true;
                if (warned.get()) {
                    LOG.info("PostgreSQL reachable again: schema migrated");
                }
            }
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Flyway wraps the driver's failure; while the database is down this is the usual outcome.
            if (warned.compareAndSet(false, true)) {
                LOG.warnf("PostgreSQL schema migration failed (retried on every call until it succeeds): %s",
                        e.getMessage());
            } else {
                LOG.debugf("PostgreSQL schema migration failed again: %s", e.getMessage());
            }
            throw new StoreUnavailableException("the PostgreSQL schema could not be migrated: " + e.getMessage(), e);
        } finally {
            migrating.unlock();
        }
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        ensureSchema();
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Auto-commit: the statement commits itself, in the same round trip. */
    @Override
    public <T> T writeStatement(SqlWork<T> work) {
        return read(work);
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        ensureSchema();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            boolean committed = false;
            try {
                T result = work.apply(connection);
                connection.commit();
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollbackQuietly(connection);
                }
                restoreAutoCommit(connection);
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            LOG.debugf("PostgreSQL rollback failed (the pool drops a broken connection): %s", e.getMessage());
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            LOG.debugf("resetting auto-commit failed: %s", e.getMessage());
        }
    }

    /**
     * Integrity violations (class 23) and statement errors (class 42) are bugs or races the caller handles; all
     * else — no connection, login or statement timeout (57014), server shutting down (57P0x), out of resources
     * (53), pool exhausted — means the store cannot serve now: 503.
     */
    static RuntimeException translate(SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("23") || state.startsWith("42") || state.startsWith("22"))) {
            return new IllegalStateException("PostgreSQL rejected a statement: " + e.getMessage(), e);
        }
        return new StoreUnavailableException("PostgreSQL store unavailable: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        // The pool belongs to Quarkus (or to the test that made it).
    }
}
