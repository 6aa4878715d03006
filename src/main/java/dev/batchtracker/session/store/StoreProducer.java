package dev.batchtracker.session.store;

import dev.batchtracker.session.store.memory.InMemorySessionStore;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Chooses the store. Only the in-memory one exists so far; the shared stores plug in here. */
@ApplicationScoped
public class StoreProducer {

    @Produces
    @DefaultBean
    @ApplicationScoped
    SessionStore sessionStore() {
        return new InMemorySessionStore();
    }
}
