package dev.batchtracker.session.health;

import dev.batchtracker.session.StoreUnavailableException;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.ForwardingSessionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/** A store that answers everything but its reachability probe; enabled only by {@link UnreachableStoreProfile}. */
@Alternative
@ApplicationScoped
public class UnreachableStore extends ForwardingSessionStore {

    public UnreachableStore() {
        super(new InMemorySessionStore());
    }

    @Override
    public void ping() {
        throw new StoreUnavailableException("connection refused (test)", null);
    }
}
