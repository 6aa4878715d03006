package dev.batchtracker.session.cleanup;

import dev.batchtracker.config.BatchConfig;

import java.time.Duration;
import java.util.Optional;

/** The configuration of plain (non-Quarkus) cleanup tests: the defaults, with the figures a test cares about. */
record FixedBatchConfig(Duration sessionTimeout, Duration retention, Duration tombstoneTtl, int batchSize,
                        int maxSessions) implements BatchConfig {

    static FixedBatchConfig withBatchSize(int batchSize) {
        return new FixedBatchConfig(Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofHours(1), batchSize,
                200_000);
    }

    @Override
    public StoreKind store() {
        return StoreKind.MEMORY;
    }

    @Override
    public Duration staleAfter() {
        return Duration.ofMinutes(2);
    }

    @Override
    public Cleanup cleanup() {
        return new Cleanup() {
            @Override
            public Duration interval() {
                return Duration.ofSeconds(60);
            }

            @Override
            public int batchSize() {
                return batchSize;
            }
        };
    }

    @Override
    public int maxNodes() {
        return 100_000;
    }

    @Override
    public int degradedThreshold() {
        return 1000;
    }

    @Override
    public Optional<String> writeToken() {
        return Optional.empty();
    }

    @Override
    public Sse sse() {
        return new Sse() {
            @Override
            public Duration heartbeat() {
                return Duration.ofSeconds(15);
            }

            @Override
            public int maxSubscribers() {
                return 10_000;
            }
        };
    }
}
