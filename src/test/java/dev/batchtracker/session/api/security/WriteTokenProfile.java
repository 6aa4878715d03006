package dev.batchtracker.session.api.security;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The service with batch.write-token set. */
public class WriteTokenProfile implements QuarkusTestProfile {

    public static final String TOKEN = "t0ken-for-tests_only";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("batch.write-token", TOKEN);
    }
}
