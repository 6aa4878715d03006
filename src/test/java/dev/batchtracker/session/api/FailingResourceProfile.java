package dev.batchtracker.session.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** Builds the service with {@link FailingResource} in it. */
public class FailingResourceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("test.failing-resource", "true");
    }
}
