package dev.batchtracker.session.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service with room for only a few sessions. */
public class CapacityProfile implements QuarkusTestProfile {

    public static final int MAX_SESSIONS = 3;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("batch.max-sessions", Integer.toString(MAX_SESSIONS), "batch.cleanup.interval", "45S");
    }
}
