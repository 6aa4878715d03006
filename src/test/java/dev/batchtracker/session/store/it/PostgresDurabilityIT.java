package dev.batchtracker.session.store.it;

import dev.batchtracker.testing.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The packaged service on the postgres store keeps every acknowledged write through a SIGKILL. */
class PostgresDurabilityIT {

    private static final String SCHEMA = "batch_it_durability";
    private static boolean reachable;

    @BeforeAll
    static void schema() throws Exception {
        PostgresServer.assumeReachable();
        reachable = true;
        PostgresServer.dropSchema(SCHEMA); // the service creates and migrates it itself on first use
    }

    @AfterAll
    static void drop() throws Exception {
        if (reachable) {
            PostgresServer.dropSchema(SCHEMA);
        }
    }

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        DurabilityCheck.acknowledgedWritesSurviveSigkill("postgres", PostgresServer.serviceEnv(PostgresServer.URL, SCHEMA));
    }
}
