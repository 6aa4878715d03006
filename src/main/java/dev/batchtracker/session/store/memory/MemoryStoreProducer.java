package dev.batchtracker.session.store.memory;

import dev.batchtracker.session.store.SessionStore;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * The in-memory store, as an {@code @Identifier("memory")} bean like every other adapter, so that the store
 * selection in {@code session.store} names no adapter and the arrows between the two run one way.
 */
@ApplicationScoped
public class MemoryStoreProducer {

    /** Dependent: the selection's application-scoped bean holds the store itself, not a second proxy of it. */
    @Produces
    @Identifier("memory")
    @Dependent
    SessionStore memoryStore() {
        return new InMemorySessionStore();
    }
}
