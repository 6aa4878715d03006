package dev.batchtracker.session.store;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.StoreUnavailableException;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

/**
 * Chooses the store named by {@code batch.store}. Each adapter is an {@code @Identifier("<store name>")}
 * bean of type {@link SessionStore} in its own package; only the chosen one is created, so no other store's
 * connections are opened.
 */
@ApplicationScoped
public class StoreProducer {

    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    @Produces
    @DefaultBean
    @ApplicationScoped
    SessionStore sessionStore(BatchConfig config, @Any Instance<SessionStore> adapters) {
        String name = config.store().configName();
        Instance<SessionStore> chosen = adapters.select(Identifier.Literal.of(name));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException("batch.store=" + name + " is not available in this build");
        }
        return chosen.get();
    }

    /**
     * Opens the chosen store at start-up, so a SQLite file is created and migrated, and a shared store's schema
     * migrated, before the first request. A store that cannot be reached does not stop the start: the service
     * reports not ready and answers 503 until it can (a shared store may come back by itself).
     */
    void openAtStart(@Observes StartupEvent event, BatchConfig config, SessionStore store) {
        try {
            store.ping();
        } catch (StoreUnavailableException e) {
            if (config.store().shared()) {
                LOG.warnf("batch.store=%s is not reachable at start-up: %s", config.store().configName(), e.getMessage());
            } else {
                LOG.errorf("batch.store=%s cannot be opened: %s", config.store().configName(), e.getMessage());
            }
        }
    }
}
