package dev.batchtracker.session.store.memory;

import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.SessionStoreContractTest;

/** The in-memory store against the store contract. */
class InMemorySessionStoreTest extends SessionStoreContractTest {

    @Override
    protected SessionStore createStore() {
        return new InMemorySessionStore();
    }
}
