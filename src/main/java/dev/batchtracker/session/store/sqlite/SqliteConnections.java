package dev.batchtracker.session.store.sqlite;

import dev.batchtracker.session.StoreUnavailableException;
import dev.batchtracker.session.store.jdbc.ConnectionSource;
import dev.batchtracker.session.store.jdbc.SqlWork;
import org.jboss.logging.Logger;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connections to one SQLite file. SQLite lets one writer in at a time, so there is exactly one write connection,
 * taken in turn (a fair lock, waited for at most the store timeout), and a few read connections that WAL mode
 * lets run beside it. Callers are worker threads; nothing here runs on an event loop.
 */
final class SqliteConnections implements ConnectionSource {

    private static final Logger LOG = Logger.getLogger(SqliteConnections.class);

    private final String url;
    private final Duration timeout;
    private final SQLiteConfig.SynchronousMode synchronous;
    private final ReentrantLock writeTurn = new ReentrantLock(true);
    private final BlockingQueue<Connection> readers;
    private final List<Connection> allReaders = new ArrayList<>();
    private Connection writer;
    private volatile boolean closed;

    SqliteConnections(Path file, Duration timeout, SQLiteConfig.SynchronousMode synchronous, int readerCount) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.timeout = timeout;
        this.synchronous = synchronous;
        try {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null) {
                Files.createDirectories(folder);
            }
            writer = open(false);
            readers = new ArrayBlockingQueue<>(readerCount);
            for (int i = 0; i < readerCount; i++) {
                Connection reader = open(true);
                allReaders.add(reader);
                readers.add(reader);
            }
        } catch (IOException | SQLException e) {
            close();
            throw new StoreUnavailableException("cannot open the SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private Connection open(boolean reader) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(synchronous);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        config.enforceForeignKeys(true);
        // The driver itself rather than DriverManager, which looks drivers up through ServiceLoader or their own
        // registration at class initialisation: in a native image neither is sure to have happened.
        Connection connection = JDBC.createConnection(url, config.toProperties());
        if (reader) {
            // Only the write connection changes the file; a reader that tried would be a bug, so refuse it.
            execute(connection, "PRAGMA query_only = 1");
        }
        return connection;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        Connection connection;
        try {
            connection = readers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for an SQLite connection", e);
        }
        if (connection == null) {
            throw new StoreUnavailableException("no SQLite read connection free within " + timeout, null);
        }
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            readers.add(connection);
        }
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        try {
            if (!writeTurn.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StoreUnavailableException("the SQLite writer stayed busy for " + timeout, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the SQLite writer", e);
        }
        try {
            Connection connection = writer();
            execute(connection, "BEGIN IMMEDIATE");
            boolean committed = false;
            try {
                T result = work.apply(connection);
                execute(connection, "COMMIT");
                committed = true;
                return result;
            } finally {
                if (!committed) {
                    rollback(connection);
                }
            }
        } catch (SQLException e) {
            throw translate(e);
        } finally {
            writeTurn.unlock();
        }
    }

    private Connection writer() throws SQLException {
        if (closed) {
            throw new SQLException("the SQLite store is closed");
        }
        if (writer == null || writer.isClosed()) {
            writer = open(false);
        }
        return writer;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void rollback(Connection connection) {
        try {
            execute(connection, "ROLLBACK");
        } catch (SQLException e) {
            // No transaction left (SQLite may end one itself on some errors) or a broken connection: either way
            // start afresh with a new one, so no half-done transaction can linger.
            LOG.debugf("SQLite rollback failed, reopening the write connection: %s", e.getMessage());
            closeQuietly(connection);
            writer = null;
        }
    }

    private static RuntimeException translate(SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            int primary = sqlite.getResultCode().code & 0xff;
            if (primary == SQLiteErrorCode.SQLITE_CONSTRAINT.code) {
                return new IllegalStateException("SQLite constraint violated: " + e.getMessage(), e);
            }
            if (primary == SQLiteErrorCode.SQLITE_ERROR.code || primary == SQLiteErrorCode.SQLITE_MISMATCH.code
                    || primary == SQLiteErrorCode.SQLITE_RANGE.code) {
                return new IllegalStateException("SQLite statement failed: " + e.getMessage(), e);
            }
        }
        // Busy, locked, I/O, disk full, cannot open, closed: the store cannot serve right now.
        return new StoreUnavailableException("SQLite store unavailable: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        closed = true;
        writeTurn.lock();
        try {
            closeQuietly(writer);
            writer = null;
        } finally {
            writeTurn.unlock();
        }
        allReaders.forEach(SqliteConnections::closeQuietly);
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debugf("closing an SQLite connection: %s", e.getMessage());
        }
    }
}
