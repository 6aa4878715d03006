package dev.batchtracker.session.health;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The memory store with a budget of a few dozen small sessions. */
public class MemoryBudgetProfile implements QuarkusTestProfile {

    public static final long BUDGET_BYTES = 32 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        // Written as a suffixed size, the form operators use.
        return Map.of("batch.max-store-memory", "32K", "batch.cleanup.interval", "30S");
    }
}
