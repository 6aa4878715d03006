package dev.batchtracker.session.store;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Derives the extensions' settings from {@code batch.store} and {@code batch.store-timeout}, so that choosing a
 * store is one property: the PostgreSQL datasource (its pool, health check and Flyway) is active only for
 * {@code batch.store=postgres}, the Redis client only for {@code batch.store=redis}, and their timeouts follow
 * the store timeout. A low ordinal: anything set explicitly under {@code quarkus.*} wins.
 */
public class StoreActivation implements ConfigSourceFactory {

    static final String NAME = "batch-store-activation";
    /** Below application.properties (250) and everything else a user sets. */
    static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String store = valueOf(context, "batch.store", "memory").trim().toLowerCase(Locale.ROOT);
        Duration timeout = DurationConverter.parseDuration(valueOf(context, "batch.store-timeout", "2S"));
        return List.of(new PropertiesConfigSource(derive(store, timeout), NAME, ORDINAL));
    }

    static Map<String, String> derive(String store, Duration timeout) {
        Map<String, String> properties = new HashMap<>();
        boolean postgres = "postgres".equals(store);
        properties.put("quarkus.datasource.active", Boolean.toString(postgres));
        if (postgres) {
            long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
            properties.put("quarkus.datasource.jdbc.acquisition-timeout", timeout.toString());
            properties.put("quarkus.datasource.jdbc.login-timeout", timeout.toString());
            properties.put("quarkus.datasource.jdbc.validation-query-timeout", timeout.toString());
            // Driver settings (whole seconds): connecting, and a dead peer detected on a read; the server cancels
            // a statement running longer than the store timeout.
            String jdbc = "quarkus.datasource.jdbc.additional-jdbc-properties.";
            properties.put(jdbc + "connectTimeout", Long.toString(seconds));
            properties.put(jdbc + "socketTimeout", Long.toString(seconds + 1));
            properties.put(jdbc + "tcpKeepAlive", "true");
            properties.put(jdbc + "options", "-c statement_timeout=" + timeout.toMillis());
        }
        boolean redis = "redis".equals(store);
        properties.put("quarkus.redis.active", Boolean.toString(redis));
        if (redis) {
            // Blocking calls and connecting both give up after the store timeout (then: 503, readiness DOWN).
            properties.put("quarkus.redis.timeout", timeout.toString());
            properties.put("quarkus.redis.tcp.connection-timeout", timeout.toString());
        }
        return properties;
    }

    private static String valueOf(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? fallback : value.getValue();
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }
}
