package dev.batchtracker.bench.jmh;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.events.InProcessEventHub;
import dev.batchtracker.session.metrics.BatchMeters;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds the manager outside Quarkus, wired as the service wires it, for the in-process benchmarks. */
final class InProcess {

    /** The production clock: UTC with millisecond ticks. */
    static final Clock CLOCK = Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));

    private InProcess() {
    }

    /** The service's configuration with its defaults (read through the real mapping), plus overrides. */
    static BatchConfig config(Map<String, String> overrides) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(BatchConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(overrides, "bench", 500))
                .build();
        return config.getConfigMapping(BatchConfig.class);
    }

    static SessionStore store(String name) {
        return switch (name) {
            case "memory" -> new InMemorySessionStore();
            default -> throw new IllegalArgumentException("no in-process store named " + name);
        };
    }

    static BatchSessionManager manager(SessionStore store) {
        BatchConfig config = config(Map.of("batch.max-sessions", "100000000", "batch.max-nodes", "1000000"));
        return new BatchSessionManager(store, new InProcessEventHub(), CLOCK, config,
                new BatchMeters(new SimpleMeterRegistry()));
    }

    static CreateSession request(int nodeCount) {
        return new CreateSession("/canvases/bench/flow.json", nodeCount, null, null, null, null);
    }
}
