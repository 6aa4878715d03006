package dev.batchtracker.session.store;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import io.quarkus.arc.DefaultBean;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Chooses the store named by {@code batch.store}. Each durable adapter is an {@code @Identifier("<store name>")}
 * bean of type {@link SessionStore} in its own package; only the chosen one is created, so no other store's
 * connections are opened.
 */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    SessionStore sessionStore(BatchConfig config, @Any Instance<SessionStore> adapters) {
        if (config.store() == BatchConfig.StoreKind.MEMORY) {
            return new InMemorySessionStore();
        }
        String name = config.store().configName();
        Instance<SessionStore> chosen = adapters.select(Identifier.Literal.of(name));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException("batch.store=" + name + " is not available in this build");
        }
        return chosen.get();
    }
}
