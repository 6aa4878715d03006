package dev.batchtracker.session;

import dev.batchtracker.session.metrics.BatchMeters;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.ForwardingSessionStore;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.TestBatchConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.batchtracker.session.ManagerHarness.reportOf;
import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a blocking store, the request that found its session's lane idle is answered after the write that carries it,
 * not after the lane next goes idle: the batches queued behind it are written by a continuation on the pool. (Before,
 * under steady load on one session, that first request waited for the rest of the load.)
 */
class DrainHandOffTest {

    private static final long BOUND_SECONDS = 10;

    /** A blocking store whose versioned writes each wait for a gate of their own, in order. */
    private static final class GatedStore extends ForwardingSessionStore {
        final List<CountDownLatch> entered = List.of(new CountDownLatch(1), new CountDownLatch(1));
        final List<CountDownLatch> gates = List.of(new CountDownLatch(1), new CountDownLatch(1));
        volatile boolean armed;
        private int writes;

        GatedStore(InMemorySessionStore delegate) {
            super(delegate);
        }

        @Override
        public boolean blocking() {
            return true;
        }

        @Override
        public boolean updateAll(Session next, long expectedVersion, Collection<NodeResult> nodes) {
            if (armed) {
                int n;
                synchronized (this) {
                    n = writes++;
                }
                if (n < gates.size()) {
                    entered.get(n).countDown();
                    try {
                        if (!gates.get(n).await(BOUND_SECONDS, TimeUnit.SECONDS)) {
                            throw new IllegalStateException("gate " + n + " was never opened");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
            }
            return super.updateAll(next, expectedVersion, nodes);
        }
    }

    private final GatedStore store = new GatedStore(new InMemorySessionStore());
    private final ExecutorService requests = Executors.newSingleThreadExecutor();
    private final ExecutorService continuations = Executors.newSingleThreadExecutor();
    private final BatchSessionManager manager = new BatchSessionManager(store, new RecordingEventHub(),
            new MutableClock(), TestBatchConfig.defaults(), new BatchMeters(new SimpleMeterRegistry()), continuations);

    @AfterEach
    void stop() {
        store.gates.forEach(CountDownLatch::countDown);
        requests.shutdownNow();
        continuations.shutdownNow();
    }

    @Test
    void theRequestThatStartedADrainIsAnsweredBeforeTheWritesQueuedBehindIt() throws Exception {
        UUID id = manager.create(new CreateSession("canvases/hot.json", 10, null, null, null, "fp")).session().id();
        manager.transition(id, SessionStatus.RUNNING, "started");
        store.armed = true;
        CompletableFuture<Session> first = CompletableFuture.supplyAsync(
                () -> manager.reportNode(id, "n0", reportOf(COMPLETED)), requests);
        assertThat(store.entered.get(0).await(BOUND_SECONDS, TimeUnit.SECONDS)).as("first write in the store").isTrue();
        CompletableFuture<Session> queued = manager.reportNodeAsync(id, "n1", reportOf(COMPLETED))
                .toCompletableFuture();

        store.gates.get(0).countDown();

        assertThat(store.entered.get(1).await(BOUND_SECONDS, TimeUnit.SECONDS)).as("the queued write in the store")
                .isTrue();
        // The second write is still held at its gate, and the first request has its answer already.
        assertThat(first.get(BOUND_SECONDS, TimeUnit.SECONDS).counts()).isEqualTo(new NodeCounts(1, 0, 0));
        assertThat(queued.isDone()).isFalse();
        store.gates.get(1).countDown();
        Session second = queued.get(BOUND_SECONDS, TimeUnit.SECONDS);
        assertThat(second.counts()).isEqualTo(new NodeCounts(2, 0, 0));
        assertThat(second.version()).isGreaterThan(first.get().version());
    }
}
