package dev.batchtracker.session.cleanup;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The scheduled cleanup every second, as a Duration in the form the configuration table uses. */
public class FastCleanupProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("batch.cleanup.interval", "1S");
    }
}
