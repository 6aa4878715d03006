package dev.batchtracker.session.store.redis;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.common.MapBackedConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the Redis client follow {@code batch.store}: {@code quarkus.redis.active} is true only when the store is
 * redis. With memory, sqlite or postgres the client is then never created, so it opens no connection, whatever
 * {@code quarkus.redis.hosts} says. The value has the lowest ordinal of any source, so an explicit
 * {@code quarkus.redis.active} still wins.
 */
public final class RedisActivation implements ConfigSourceFactory {

    static final String ACTIVE = "quarkus.redis.active";
    private static final int ORDINAL = 1;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue store = context.getValue("batch.store");
        boolean redis = store != null && store.getValue() != null
                && RedisBeans.NAME.equals(store.getValue().trim().toLowerCase(Locale.ROOT));
        return List.of(new MapBackedConfigSource("batch.store → " + ACTIVE, Map.of(ACTIVE, Boolean.toString(redis)),
                ORDINAL) {
        });
    }
}
