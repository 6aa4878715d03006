package dev.batchtracker.session.events;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.store.SessionStore;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * Chooses the hub for {@code batch.store}: in-process for a store only this instance uses (memory, sqlite); a
 * {@link SharedEventHub} over the store's own transport for a shared one. A transport is an
 * {@code @Identifier("<store name>")} bean of type {@link EventTransport}; only the chosen one is created.
 */
@ApplicationScoped
public class EventHubProducer {

    private static final Logger LOG = Logger.getLogger(EventHubProducer.class);

    @Produces
    @ApplicationScoped
    SessionEventHub sessionEventHub(BatchConfig config, SessionStore store, @Any Instance<EventTransport> transports) {
        if (!config.store().shared()) {
            return new InProcessEventHub();
        }
        String name = config.store().configName();
        Instance<EventTransport> chosen = transports.select(Identifier.Literal.of(name));
        if (!chosen.isResolvable()) {
            throw new IllegalStateException("batch.store=" + name + " has no event transport");
        }
        String instanceId = UUID.randomUUID().toString();
        LOG.infof("shared event hub over %s, instance %s", name, instanceId);
        return new SharedEventHub(instanceId, chosen.get(), store).start();
    }

    /** A shared hub starts listening at start-up, not at the first subscriber, so no early event is missed. */
    void startListening(@Observes StartupEvent event, BatchConfig config, SessionEventHub hub) {
        if (config.store().shared()) {
            hub.subscriberCount();
        }
    }

    void close(@Disposes SessionEventHub hub) {
        if (hub instanceof SharedEventHub shared) {
            shared.close();
        }
    }
}
