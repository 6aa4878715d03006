package dev.batchtracker.session.store.redis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * {@code batch.redis.*}: read only when {@code batch.store=redis}. The connection itself is the Redis client's
 * ({@code quarkus.redis.hosts}, password, TLS); its timeouts follow {@code batch.store-timeout}.
 */
@ConfigMapping(prefix = "batch.redis")
public interface RedisStoreConfig {

    /**
     * Every key this service writes starts with this, so several deployments can share one Redis server (give
     * each its own prefix; instances of one deployment share theirs).
     */
    @WithDefault("batch:")
    String keyPrefix();

    /** How often the event subscription is checked end to end (a silently dead connection is rebuilt). */
    @WithDefault("10S")
    Duration subscriptionProbe();
}
