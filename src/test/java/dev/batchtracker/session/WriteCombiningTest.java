package dev.batchtracker.session;

import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.testing.ForwardingSessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.batchtracker.session.ManagerHarness.reportOf;
import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static dev.batchtracker.session.NodeStatus.FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Requests for one session that arrive while a store write is in flight wait without a thread and reach the store
 * together, as one write, each with its own outcome.
 */
class WriteCombiningTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    /** The store under the manager: its first compare-and-set after {@link #close} waits for {@link #open}. */
    private static final class GatedStore extends ForwardingSessionStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch gate = new CountDownLatch(1);
        final List<List<String>> writes = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        GatedStore(dev.batchtracker.session.store.SessionStore delegate) {
            super(delegate);
        }

        void close() {
            closed = true;
        }

        void open() {
            gate.countDown();
        }

        @Override
        public boolean updateAll(Session next, long expectedVersion, Collection<NodeResult> nodes) {
            writes.add(nodes.stream().map(NodeResult::nodeId).toList());
            if (closed) {
                closed = false;
                entered.countDown();
                try {
                    if (!gate.await(BOUND.toSeconds(), TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the gate was never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            return super.updateAll(next, expectedVersion, nodes);
        }
    }

    private final ManagerHarness base = new ManagerHarness();
    private final GatedStore gated = new GatedStore(base.store);
    private final ManagerHarness h = base.sharing(gated);
    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stopWriter() {
        gated.open();
        writer.shutdownNow();
    }

    @Test
    void reportsArrivingDuringAWriteReachTheStoreAsOneWriteEachWithItsOwnOutcome() throws Exception {
        UUID id = h.running(10).id();
        gated.writes.clear();
        gated.close();
        // The first report takes the session's lane and stalls inside the store, holding this writer thread.
        CompletableFuture<Session> first = CompletableFuture.supplyAsync(
                () -> h.manager.reportNode(id, "n0", reportOf(COMPLETED)), writer);
        assertThat(gated.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).as("first write in the store").isTrue();

        // Submitting while that write is in flight returns at once on the caller's thread: nothing waits in a thread.
        List<CompletableFuture<Session>> applied = new ArrayList<>();
        CompletableFuture<Session>[] others = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (int i = 1; i <= 5; i++) {
                applied.add(h.manager.reportNodeAsync(id, "n" + i, reportOf(COMPLETED)).toCompletableFuture());
            }
            return new CompletableFuture[] {
                    h.manager.reportNodeAsync(id, "n0", reportOf(COMPLETED)).toCompletableFuture(), // a repeat
                    h.manager.reportNodeAsync(id, "n0", reportOf(FAILED)).toCompletableFuture()};  // a conflict
        });
        CompletableFuture<Session> repeat = others[0];
        CompletableFuture<Session> conflict = others[1];
        assertThat(applied).noneMatch(CompletableFuture::isDone);
        assertThat(repeat.isDone()).isFalse();

        gated.open();
        Session firstWritten = first.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        List<Session> answers = new ArrayList<>();
        for (CompletableFuture<Session> f : applied) {
            answers.add(f.get(BOUND.toSeconds(), TimeUnit.SECONDS));
        }

        assertThat(gated.writes).as("one write for the first report, one for everything that queued behind it")
                .containsExactly(List.of("n0"), List.of("n1", "n2", "n3", "n4", "n5"));
        assertThat(firstWritten.version()).isEqualTo(3);
        assertThat(answers).as("every request of the combined write is answered with that write")
                .allSatisfy(s -> assertThat(s.version()).isEqualTo(4))
                .allSatisfy(s -> assertThat(s.counts()).isEqualTo(new NodeCounts(6, 0, 0)));
        assertThat(repeat.get(BOUND.toSeconds(), TimeUnit.SECONDS).version()).as("the repeat is a no-op in it")
                .isEqualTo(4);
        assertThat(failureOf(conflict)).isInstanceOfSatisfying(ConflictException.class,
                e -> assertThat(e.code()).isEqualTo("node-conflict"));
        assertThat(h.stored(id).version()).isEqualTo(4);
        assertThat(h.stored(id).counts()).isEqualTo(new NodeCounts(6, 0, 0));
        assertThat(base.hub.published()).as("one event per write: running, the first report, the combined write")
                .filteredOn(e -> e instanceof SessionEvent.Changed changed && changed.session().id().equals(id))
                .hasSize(3);
    }

    @Test
    void aRefusedRequestLeavesNoTraceInTheWriteItWasPartOf() throws Exception {
        // Four nodes, so that nothing here finishes the session and every refusal is the node's own.
        UUID id = h.running(4).id();
        gated.close();
        CompletableFuture<Session> first = CompletableFuture.supplyAsync(
                () -> h.manager.reportNode(id, "a", reportOf(COMPLETED)), writer);
        assertThat(gated.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // A bulk whose second item conflicts with the first report, between two reports that are fine.
        CompletionStage<Session> before = h.manager.reportNodeAsync(id, "b", reportOf(COMPLETED));
        CompletionStage<Session> bulk = h.manager.reportNodesAsync(id, List.of(
                new NodeReportItem("c", reportOf(COMPLETED)), new NodeReportItem("a", reportOf(FAILED))));
        CompletionStage<Session> after = h.manager.reportNodeAsync(id, "c", reportOf(FAILED));
        gated.open();

        first.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        Session finished = after.toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS);
        assertThat(before.toCompletableFuture().get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(finished);
        assertThat(failureOf(bulk.toCompletableFuture())).isInstanceOfSatisfying(ConflictException.class, e -> {
            assertThat(e.code()).isEqualTo("node-conflict");
            assertThat(e.item()).isEqualTo(1);
        });
        assertThat(finished.status()).isEqualTo(SessionStatus.RUNNING);
        assertThat(finished.counts()).isEqualTo(new NodeCounts(2, 1, 0));
        assertThat(h.nodes(id)).as("c failed by the last report, not completed by the refused bulk")
                .filteredOn(n -> n.nodeId().equals("c")).singleElement()
                .extracting(NodeResult::status).isEqualTo(FAILED);
    }

    @Test
    void oneWriteCarriesABoundedNumberOfNodesAndNeverSplitsARequest() throws Exception {
        UUID id = h.running(10_000).id();
        gated.writes.clear();
        gated.close();
        CompletableFuture<Session> first = CompletableFuture.supplyAsync(
                () -> h.manager.reportNode(id, "first", reportOf(COMPLETED)), writer);
        assertThat(gated.entered.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

        List<CompletableFuture<Session>> bulks = new ArrayList<>();
        for (int[] sizeAndStart : new int[][] {{3_000, 0}, {1_500, 3_000}, {100, 4_500}}) {
            List<NodeReportItem> items = new ArrayList<>();
            for (int i = 0; i < sizeAndStart[0]; i++) {
                items.add(new NodeReportItem("n" + (sizeAndStart[1] + i), reportOf(COMPLETED)));
            }
            bulks.add(h.manager.reportNodesAsync(id, items).toCompletableFuture());
        }
        gated.open();
        first.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        for (CompletableFuture<Session> bulk : bulks) {
            bulk.get(BOUND.toSeconds(), TimeUnit.SECONDS);
        }

        assertThat(gated.writes).extracting(List::size).as("nodes per store write")
                .containsExactly(1, 3_000, 1_600);
        assertThat(SessionWrites.MAX_NODES_PER_WRITE).isLessThan(3_000 + 1_500);
        assertThat(h.stored(id).counts().completed()).isEqualTo(4_601);
    }

    @Test
    void aSessionRememberedFromThisInstancesLastWriteNeverDecidesAgainstTheStore() {
        // h is an instance over a store that may block, so it remembers what it wrote; base is another instance.
        UUID id = h.create(5).id();
        h.manager.heartbeat(id); // remembered: pending, version 1
        base.manager.transition(id, SessionStatus.RUNNING, "the other instance started it");

        Session reported = h.manager.reportNode(id, "a", reportOf(COMPLETED));
        assertThat(reported.version()).as("refused on the remembered pending session, then applied on a read")
                .isEqualTo(3);

        base.manager.transition(id, SessionStatus.CANCELLED, "the other instance cancelled it");
        assertThat(failureOf(h.manager.reportNodeAsync(id, "b", reportOf(COMPLETED)).toCompletableFuture()))
                .as("applied on the remembered running session, then refused when the version check failed")
                .isInstanceOfSatisfying(ConflictException.class,
                        e -> assertThat(e.code()).isEqualTo("session-not-running"));
        assertThat(h.stored(id).version()).isEqualTo(4);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(BOUND.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected the request to be refused");
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause() instanceof CompletionException c ? c.getCause() : e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
