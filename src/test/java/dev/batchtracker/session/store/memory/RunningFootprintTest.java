package dev.batchtracker.session.store.memory;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Transition;
import dev.batchtracker.session.store.SessionFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The footprint the memory store keeps as it writes (read by the memory budget on every create) is the one its
 * walk computes ({@code stats().approxBytes()}, the figure the benchmarks check against the measured heap), after
 * every kind of write.
 */
class RunningFootprintTest {

    private static final Instant T0 = Instant.parse("2030-01-01T12:00:00Z");

    private final InMemorySessionStore store = new InMemorySessionStore();

    @Test
    void anEmptyStoreHoldsItsBaseOnly() {
        assertThat(running()).isEqualTo(Footprint.STORE_BASE).isEqualTo(walked());
    }

    @Test
    void insertsUpdatesTouchesRemovalsAndPurgesKeepItEqualToTheWalk() {
        Session grouped = SessionFixture.at(T0).nodeCount(3)
                .groups(List.of(new NodeGroup("extract", List.of("a", "b")), new NodeGroup("load", List.of("c"))))
                .metadataJson("{\"owner\":\"ops\"}").labels(Map.of("team", "data"))
                .idempotencyKey("key-1").requestFingerprint("fp").build();
        store.insert(grouped, List.of(NodeResult.pending("a", T0), NodeResult.pending("b", T0),
                NodeResult.pending("c", T0)));
        Session bare = SessionFixture.at(T0).nodeCount(2).build();
        store.insert(bare, List.of());
        assertThat(running()).isGreaterThan(Footprint.STORE_BASE).isEqualTo(walked());

        // A status change with history and a reason, nodes replaced and nodes added to an empty node map.
        Instant t1 = T0.plusSeconds(1);
        Session started = SessionFixture.at(T0).id(grouped.id()).nodeCount(3).groups(grouped.plan().groups())
                .metadataJson("{\"owner\":\"ops\"}").labels(Map.of("team", "data"))
                .idempotencyKey("key-1").requestFingerprint("fp").status(SessionStatus.RUNNING).version(2)
                .startedAt(t1).updatedAt(t1).lastActivityAt(t1).reason("executor started")
                .history(List.of(new Transition(SessionStatus.PENDING, SessionStatus.RUNNING, t1, "executor started")))
                .build();
        assertThat(store.updateAll(started, 1, List.of(SessionFixture.node("a", NodeStatus.COMPLETED, t1),
                SessionFixture.node("b", NodeStatus.FAILED, t1)))).isTrue();
        assertThat(store.updateAll(SessionFixture.at(T0).id(bare.id()).nodeCount(2).version(2).updatedAt(t1).build(),
                1, List.of(SessionFixture.node("x", NodeStatus.RUNNING, t1)))).isTrue();
        assertThat(running()).isEqualTo(walked());

        // A write that loses its version check changes nothing.
        long before = running();
        assertThat(store.updateAll(started, 1, List.of(SessionFixture.node("c", NodeStatus.COMPLETED, t1)))).isFalse();
        assertThat(running()).isEqualTo(before).isEqualTo(walked());

        assertThat(store.touch(bare.id(), 2, T0.plusSeconds(2), T0.plus(Duration.ofHours(1)))).isTrue();
        assertThat(running()).isEqualTo(walked());

        Instant gone = T0.plusSeconds(3);
        assertThat(store.remove(grouped.id(), GoneReason.DELETED, gone, gone.plus(Duration.ofHours(1)))).isPresent();
        assertThat(running()).isEqualTo(walked());
        assertThat(store.purgeTombstones(gone.plus(Duration.ofHours(2)), 10)).isEqualTo(1);
        assertThat(running()).isEqualTo(walked());

        store.remove(bare.id(), GoneReason.DELETED, gone, gone.plus(Duration.ofHours(1)));
        assertThat(store.purgeTombstones(gone.plus(Duration.ofHours(2)), 10)).isEqualTo(1);
        assertThat(running()).as("everything removed and purged").isEqualTo(Footprint.STORE_BASE);
    }

    @Test
    void finishingCompactingAndRemovingACompactedSessionKeepItEqualToTheWalk() {
        Session session = SessionFixture.at(T0).nodeCount(2).build();
        store.insert(session, List.of());
        Instant t1 = T0.plusSeconds(1);
        Session finished = SessionFixture.at(T0).id(session.id()).nodeCount(2).status(SessionStatus.COMPLETED)
                .version(2).startedAt(T0).updatedAt(t1).lastActivityAt(t1).finishedAt(t1).build();
        assertThat(store.updateAll(finished, 1, List.of(SessionFixture.node("a", NodeStatus.COMPLETED, t1),
                SessionFixture.node("b", NodeStatus.COMPLETED, t1)))).isTrue();
        assertThat(running()).as("finished, in the compaction index").isEqualTo(walked());

        long beforeCompaction = running();
        assertThat(store.compact(session.id(), t1.plusSeconds(1), t1.plusSeconds(2))).isTrue();
        assertThat(running()).as("compacted").isEqualTo(walked()).isNotEqualTo(beforeCompaction);

        Instant gone = t1.plusSeconds(3);
        assertThat(store.remove(session.id(), GoneReason.DELETED, gone, gone.plusSeconds(60))).isPresent();
        assertThat(store.purgeTombstones(gone.plusSeconds(120), 10)).isEqualTo(1);
        assertThat(running()).as("a compacted session removed").isEqualTo(Footprint.STORE_BASE);
    }

    @Test
    void concurrentWritesAddUpToTheWalk() throws Exception {
        int writers = 8;
        int sessionsEach = 50;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    for (int i = 0; i < sessionsEach; i++) {
                        Session session = SessionFixture.at(T0).id(UUID.randomUUID()).nodeCount(4).build();
                        store.insert(session, List.of(NodeResult.pending("n1", T0)));
                        Instant at = T0.plusMillis(i + 1);
                        store.updateAll(SessionFixture.at(T0).id(session.id()).nodeCount(4).version(2).updatedAt(at)
                                .build(), 1, List.of(SessionFixture.node("n1", NodeStatus.COMPLETED, at),
                                SessionFixture.node("n2", NodeStatus.FAILED, at)));
                        if (i % 3 == 0) {
                            store.remove(session.id(), GoneReason.DELETED, at, at.plusSeconds(60));
                        }
                    }
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.count()).isEqualTo((long) writers * (sessionsEach - 17));
        assertThat(running()).isEqualTo(walked());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long running() {
        return store.heapFootprint().orElseThrow();
    }

    private long walked() {
        return store.stats(T0, T0).approxBytes();
    }
}
