package dev.batchtracker.packaged;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The packaged service on the sqlite store, in a file of its own: in a native image this loads sqlite-jdbc's
 * library through its native-image feature and reads the schema script from the image's resources.
 * (SqliteDurabilityIT restarts the same artifact after a SIGKILL.)
 */
@QuarkusIntegrationTest
@TestProfile(SqliteStoreIT.OnSqlite.class)
class SqliteStoreIT extends PackagedStoreCheck {

    @Override
    String store() {
        return "sqlite";
    }

    public static class OnSqlite implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path folder = Files.createTempDirectory(Path.of("target"), "it-packaged-sqlite-");
                return Map.of("batch.store", "sqlite",
                        "batch.sqlite.path", folder.resolve("sessions.db").toAbsolutePath().toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
