package dev.batchtracker.session.api;

import dev.batchtracker.session.store.SessionStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * Where the hot endpoints do their work: on the event loop that received the request when the store never blocks
 * (memory), on a worker thread when it may (SQLite, PostgreSQL, Redis). The hop to a worker thread was the largest
 * single cost of a request on the in-memory store (about 35 µs of CPU on a 2-core machine, measured in bench/).
 */
@ApplicationScoped
public class StoreDispatch {

    private final boolean blocking;

    public StoreDispatch(SessionStore store) {
        this.blocking = store.blocking();
    }

    /** The work's result, computed where the store allows; a thrown exception fails the Uni (mapped as usual). */
    public <T> Uni<T> call(Supplier<T> work) {
        Uni<T> uni = Uni.createFrom().item(work);
        return blocking ? uni.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : uni;
    }
}
