package dev.batchtracker.session.store;

import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several store instances over one shared store (a schema, a key prefix) compacting the same finished sessions at
 * once, each as its cleanup does: list a batch of compactable ids, compact each. Every session must be compacted by
 * exactly one call and counted once in the shared totals.
 */
public final class CompactionRace {

    private CompactionRace() {
    }

    /** Finished sessions with a result per node, created round-robin on the instances; returns their ids. */
    public static List<UUID> finishedSessions(List<? extends SessionStore> instances, Instant t0, int count) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant finished = t0.plusMillis(i);
            Session session = SessionFixture.at(finished.minusSeconds(10)).status(SessionStatus.COMPLETED)
                    .nodeCount(2).counts(new NodeCounts(2, 0, 0)).startedAt(finished.minusSeconds(5))
                    .finishedAt(finished).expiresAt(finished.plus(Duration.ofDays(7))).build();
            List<NodeResult> nodes = List.of(
                    new NodeResult("a", NodeStatus.COMPLETED, "{\"v\":\"" + "x".repeat(1024) + "\"}", null,
                            finished.minusSeconds(4), finished.minusSeconds(1), finished.minusSeconds(1)),
                    new NodeResult("b", NodeStatus.COMPLETED, "{\"v\":2}", null, finished.minusSeconds(4), finished,
                            finished));
            instances.get(i % instances.size()).insert(session, nodes);
            ids.add(session.id());
        }
        return ids;
    }

    /**
     * Runs {@code workers} racing callers, spread over the instances, until none lists anything compactable.
     * Asserts no session was compacted twice; returns the ids compacted.
     */
    public static Set<UUID> race(List<? extends SessionStore> instances, int workers, Instant cutoff, Instant now)
            throws Exception {
        Set<UUID> compacted = ConcurrentHashMap.newKeySet();
        AtomicInteger wins = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                SessionStore instance = instances.get(w % instances.size());
                runs.add(pool.submit(() -> {
                    start.await();
                    for (List<UUID> batch = instance.compactableBefore(cutoff, 25); !batch.isEmpty();
                         batch = instance.compactableBefore(cutoff, 25)) {
                        for (UUID id : batch) {
                            if (instance.compact(id, cutoff, now)) {
                                wins.incrementAndGet();
                                assertThat(compacted.add(id)).as("compacted twice: %s", id).isTrue();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> run : runs) {
                run.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wins.get()).isEqualTo(compacted.size());
        return compacted;
    }

    /** Every one of {@code ids} compacted by one call, counted once in every instance's totals, its results gone. */
    public static void assertEachCompactedOnce(List<? extends SessionStore> instances, List<UUID> ids,
                                               Set<UUID> compacted) {
        assertThat(compacted).containsExactlyInAnyOrderElementsOf(ids);
        for (SessionStore instance : instances) {
            assertThat(instance.totals().compacted()).isEqualTo(ids.size());
        }
        for (int i = 0; i < ids.size(); i++) {
            SessionStore instance = instances.get(i % instances.size());
            assertThat(instance.find(ids.get(i)).orElseThrow().isCompacted()).isTrue();
            assertThat(instance.findNode(ids.get(i), "a").orElseThrow().resultJson()).isNull();
        }
    }
}
