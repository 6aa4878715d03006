package dev.batchtracker.session.api;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.store.SessionStore;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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

    /**
     * Where the manager goes on writing a session's queued requests after the first batch of a drain: the same
     * worker pool the requests run on (the manager uses it only for a blocking store).
     */
    @Produces
    @Identifier(BatchSessionManager.WRITE_CONTINUATIONS)
    static Executor writeContinuations() {
        return Infrastructure.getDefaultWorkerPool();
    }

    /** The work's result, computed where the store allows; a thrown exception fails the Uni (mapped as usual). */
    public <T> Uni<T> call(Supplier<T> work) {
        Uni<T> uni = Uni.createFrom().item(work);
        return blocking ? uni.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : uni;
    }

    /**
     * A write handed to the manager, which answers with a stage completed once the write carrying it is stored.
     * Only the submission runs where the store allows: a request that joins a write already under way hands its
     * thread back at once and waits on the stage, holding nothing.
     */
    public <T> Uni<T> submit(Supplier<? extends CompletionStage<? extends T>> write) {
        Uni<T> uni = Uni.createFrom().completionStage(write);
        return blocking ? uni.runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) : uni;
    }
}
