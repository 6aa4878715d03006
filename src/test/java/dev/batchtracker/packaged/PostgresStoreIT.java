package dev.batchtracker.packaged;

import dev.batchtracker.testing.PostgresServer;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packaged service on the postgres store, in a schema of this run's own that the service's Flyway creates and
 * migrates (in a native image, from the scripts the Flyway extension puts there). Without a server it is skipped,
 * and fails under CI=true.
 */
@QuarkusIntegrationTest
@TestProfile(PostgresStoreIT.OnPostgres.class)
class PostgresStoreIT extends PackagedStoreCheck {

    static final String SCHEMA = PostgresServer.schema("batch_it_packaged");

    @Override
    String store() {
        return "postgres";
    }

    @BeforeEach
    void requirePostgres() {
        PostgresServer.assumeReachable();
    }

    @AfterAll
    static void dropSchema() throws Exception {
        if (PostgresServer.reachable()) {
            PostgresServer.dropSchema(SCHEMA);
        }
    }

    public static class OnPostgres implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("batch.store", "postgres");
            config.put("quarkus.datasource.jdbc.url", PostgresServer.URL
                    + (PostgresServer.URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA);
            config.put("quarkus.datasource.username", PostgresServer.USER);
            if (!PostgresServer.PASSWORD.isEmpty()) {
                config.put("quarkus.datasource.password", PostgresServer.PASSWORD);
            }
            config.put("quarkus.flyway.schemas", SCHEMA);
            return config;
        }
    }
}
