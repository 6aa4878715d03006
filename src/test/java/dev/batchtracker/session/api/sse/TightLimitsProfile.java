package dev.batchtracker.session.api.sse;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Small limits, so heartbeats, the subscriber limit and thread use can be seen within a test: one application
 * start shared by every test class that names this profile.
 */
public class TightLimitsProfile implements QuarkusTestProfile {

    public static final int MAX_SUBSCRIBERS = 3;
    public static final int WORKER_THREADS = 8;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "batch.sse.heartbeat", "200ms",
                "batch.sse.max-subscribers", Integer.toString(MAX_SUBSCRIBERS),
                "quarkus.thread-pool.max-threads", Integer.toString(WORKER_THREADS));
    }
}
