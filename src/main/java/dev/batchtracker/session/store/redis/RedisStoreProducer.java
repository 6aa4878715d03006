package dev.batchtracker.session.store.redis;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.events.EventTransport;
import dev.batchtracker.session.store.SessionStore;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.common.annotation.Identifier;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The Redis store and its event transport, as {@code @Identifier("redis")} beans that the store and hub producers
 * pick when {@code batch.store=redis}. The Redis client is looked up only here, so with any other store it is never
 * resolved — and {@code StoreActivation} keeps it inactive altogether.
 */
@ApplicationScoped
public class RedisStoreProducer {

    private static final Logger LOG = Logger.getLogger(RedisStoreProducer.class);
    static final String NAME = "redis";

    /** The transport once made, so shutdown can stop it before the Redis client closes its connections. */
    private final AtomicReference<RedisEventTransport> transport = new AtomicReference<>();

    @Produces
    @Identifier(NAME)
    @ApplicationScoped
    SessionStore redisSessionStore(Instance<ReactiveRedisDataSource> client, BatchConfig config,
                                   RedisStoreConfig redisConfig) {
        RedisKeys keys = new RedisKeys(redisConfig.keyPrefix());
        LOG.infof("sessions in Redis under the key prefix '%s' (store timeout %s)", keys.prefix(), config.storeTimeout());
        return new RedisSessionStore(redisOf(client), keys, config.storeTimeout());
    }

    @Produces
    @Identifier(NAME)
    @ApplicationScoped
    EventTransport redisEventTransport(Instance<ReactiveRedisDataSource> client, Vertx vertx, BatchConfig config,
                                       RedisStoreConfig redisConfig) {
        RedisKeys keys = new RedisKeys(redisConfig.keyPrefix());
        RedisEventTransport made = new RedisEventTransport(vertx, redisOf(client), keys.eventChannel(),
                config.storeTimeout(), redisConfig.subscriptionProbe());
        transport.set(made);
        return made;
    }

    /** Shutdown closes the Redis client before beans are destroyed; a transport still running would re-subscribe. */
    void stopTransport(@Observes ShutdownEvent event) {
        RedisEventTransport made = transport.get();
        if (made != null) {
            made.close();
        }
    }

    private static Redis redisOf(Instance<ReactiveRedisDataSource> client) {
        try {
            return client.get().getRedis();
        } catch (RuntimeException e) {
            throw new IllegalStateException("batch.store=redis needs an active Redis client: set quarkus.redis.hosts "
                    + "(and do not set quarkus.redis.active=false)", e);
        }
    }
}
