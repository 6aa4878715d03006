package dev.batchtracker.session.store.sqlite;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.jdbc.JdbcSessionStore;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.time.Duration;

/** The embedded durable store: one SQLite file in WAL mode. Created only when {@code batch.store=sqlite}. */
@ApplicationScoped
public class SqliteStoreProducer {

    private static final Logger LOG = Logger.getLogger(SqliteStoreProducer.class);

    @Produces
    @Identifier("sqlite")
    @ApplicationScoped
    SessionStore sqliteStore(BatchConfig config) {
        return open(Path.of(config.sqlite().path()), config.storeTimeout(), config.sqlite().synchronous(),
                config.sqlite().readers());
    }

    /** Opens (creating when needed) and migrates the database file; also what the tests use. */
    public static JdbcSessionStore open(Path file, Duration timeout, BatchConfig.SqliteSynchronous mode, int readers) {
        SQLiteConfig.SynchronousMode synchronous = switch (mode) {
            case NORMAL -> SQLiteConfig.SynchronousMode.NORMAL;
            case FULL -> SQLiteConfig.SynchronousMode.FULL;
        };
        SqliteConnections connections = new SqliteConnections(file, timeout, synchronous, Math.max(1, readers));
        try {
            SqliteSchema.migrate(connections);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        LOG.infof("SQLite store at %s (WAL, synchronous=%s)", file.toAbsolutePath(), synchronous);
        return new JdbcSessionStore(connections, new SqliteDialect());
    }

    void close(@Disposes @Identifier("sqlite") SessionStore store) {
        if (store instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.warnf("closing the SQLite store: %s", e.getMessage());
            }
        }
    }
}
