package dev.batchtracker.session.store.postgres;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.events.EventTransport;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.jdbc.JdbcSessionStore;
import io.agroal.api.AgroalDataSource;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The shared store: PostgreSQL through the standard {@code quarkus.datasource.*} pool, schema by Flyway
 * ({@code db/migration/postgres}). Created only when {@code batch.store=postgres}; otherwise the datasource
 * stays inactive (see {@code StoreActivation}) and this is never called.
 */
@ApplicationScoped
public class PostgresStoreProducer {

    /** How soon a lost LISTEN connection is retried. */
    static final Duration RECONNECT_DELAY = Duration.ofSeconds(1);

    @Produces
    @Identifier("postgres")
    @ApplicationScoped
    SessionStore postgresStore(BatchConfig config, Instance<AgroalDataSource> dataSource, Instance<Flyway> flyway) {
        // Instance look-ups: the datasource and Flyway beans exist only while active, i.e. for this store. The
        // schema is migrated on first use (StoreProducer pings the store at start-up).
        return open(dataSource.get(), () -> flyway.get().migrate(), config.storeTimeout());
    }

    /** Cross-instance events for the shared hub, over LISTEN/NOTIFY on this store's database. */
    @Produces
    @Identifier("postgres")
    @ApplicationScoped
    EventTransport postgresEvents(Instance<AgroalDataSource> dataSource) {
        return new PostgresEventTransport(dataSource.get(), RECONNECT_DELAY);
    }

    void closeEvents(@Disposes @Identifier("postgres") EventTransport transport) {
        transport.close();
    }

    /**
     * @param migration brings the schema up to date before the first statement (retried until it succeeds)
     */
    public static JdbcSessionStore open(DataSource dataSource, Runnable migration, Duration timeout) {
        return new JdbcSessionStore(new PostgresConnections(dataSource, migration, timeout), new PostgresDialect());
    }
}
