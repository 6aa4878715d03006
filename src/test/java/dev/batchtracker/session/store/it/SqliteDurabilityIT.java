package dev.batchtracker.session.store.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The packaged service on the sqlite store keeps every acknowledged write through a SIGKILL. */
class SqliteDurabilityIT {

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        Path file = Files.createTempDirectory(Path.of("target"), "it-sqlite-").resolve("db/sessions.db");
        DurabilityCheck.acknowledgedWritesSurviveSigkill("sqlite",
                Map.of("BATCH_STORE", "sqlite", "BATCH_SQLITE_PATH", file.toString()));
    }

    @Test
    void acknowledgedReportsIntoOneSessionSurviveSigkill() throws Exception {
        Path file = Files.createTempDirectory(Path.of("target"), "it-sqlite-").resolve("db/sessions.db");
        DurabilityCheck.acknowledgedCombinedWritesSurviveSigkill("sqlite",
                Map.of("BATCH_STORE", "sqlite", "BATCH_SQLITE_PATH", file.toString()));
    }
}
