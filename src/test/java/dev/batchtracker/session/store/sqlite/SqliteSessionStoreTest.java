package dev.batchtracker.session.store.sqlite;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.SessionStoreContractTest;
import dev.batchtracker.session.store.jdbc.JdbcSessionStore;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** The SQLite store against the store contract: a fresh database file per test. */
class SqliteSessionStoreTest extends SessionStoreContractTest {

    @TempDir
    Path folder;

    @Override
    protected SessionStore createStore() {
        return SqliteStoreProducer.open(folder.resolve("nested/sessions.db"), Duration.ofSeconds(10),
                BatchConfig.SqliteSynchronous.FULL, 4);
    }

    @Override
    protected void destroyStore(SessionStore store) {
        ((JdbcSessionStore) store).close();
    }
}
