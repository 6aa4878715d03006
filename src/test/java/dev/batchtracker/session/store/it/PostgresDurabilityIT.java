package dev.batchtracker.session.store.it;

import dev.batchtracker.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The packaged service on the postgres store keeps every acknowledged write through a SIGKILL. */
class PostgresDurabilityIT {

    private static final String SCHEMA = PostgresServer.schema("batch_it_durability");

    @AfterAll
    static void drop() throws Exception {
        if (PostgresServer.reachable()) {
            PostgresServer.dropSchema(SCHEMA);
        }
    }

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        PostgresServer.assumeReachable();
        PostgresServer.dropSchema(SCHEMA); // the service creates and migrates it itself on first use
        DurabilityCheck.acknowledgedWritesSurviveSigkill("postgres", PostgresServer.serviceEnv(PostgresServer.URL, SCHEMA));
    }

    @Test
    void acknowledgedReportsIntoOneSessionSurviveSigkill() throws Exception {
        PostgresServer.assumeReachable();
        PostgresServer.dropSchema(SCHEMA);
        DurabilityCheck.acknowledgedCombinedWritesSurviveSigkill("postgres",
                PostgresServer.serviceEnv(PostgresServer.URL, SCHEMA));
    }
}
