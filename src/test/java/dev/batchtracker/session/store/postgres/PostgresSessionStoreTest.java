package dev.batchtracker.session.store.postgres;

import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.SessionStoreContractTest;
import dev.batchtracker.testing.PostgresServer;
import io.agroal.api.AgroalDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The PostgreSQL store against the store contract, in a schema of its own, emptied before every test. */
class PostgresSessionStoreTest extends SessionStoreContractTest {

    private static final String SCHEMA = PostgresServer.schema("batch_contract_test");
    private static AgroalDataSource pool;

    @BeforeAll
    static void migrate() throws Exception {
        if (!PostgresServer.reachable()) {
            return; // each test reports the skip (or, under CI=true, the failure) itself
        }
        PostgresServer.recreateSchema(SCHEMA);
        pool = PostgresServer.pool(SCHEMA, 16, Duration.ofSeconds(10));
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (pool != null) {
            pool.close();
            PostgresServer.dropSchema(SCHEMA);
        }
    }

    @Override
    protected SessionStore createStore() throws Exception {
        PostgresServer.assumeReachable();
        // CASCADE: every table that refers to a session (nodes, packs, labels, compacted figures) empties too.
        PostgresServer.execute("TRUNCATE " + SCHEMA + ".batch_session, " + SCHEMA + ".batch_tombstone, "
                + SCHEMA + ".batch_totals CASCADE");
        return PostgresStoreProducer.open(pool, () -> { }, Duration.ofSeconds(10));
    }
}
