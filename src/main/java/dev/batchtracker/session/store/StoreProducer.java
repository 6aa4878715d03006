package dev.batchtracker.session.store;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the store named by {@code batch.store}. Only the chosen one is created or connected. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    SessionStore sessionStore(BatchConfig config) {
        return switch (config.store()) {
            case MEMORY -> new InMemorySessionStore();
            case SQLITE, POSTGRES, REDIS -> throw new IllegalStateException(
                    "batch.store=" + config.store().name().toLowerCase(java.util.Locale.ROOT) + " is not built yet");
        };
    }
}
