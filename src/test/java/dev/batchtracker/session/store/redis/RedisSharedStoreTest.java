package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.store.CompactionRace;
import dev.batchtracker.session.store.SessionFixture;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * What only a shared store has to get right: several instances (each its own client, one key prefix) cleaning
 * up at the same moment, totals that describe all of them, and no keys left behind.
 */
class RedisSharedStoreTest {

    private Vertx vertx;
    private Redis redisA;
    private Redis redisB;
    private String prefix;
    private RedisSessionStore instanceA;
    private RedisSessionStore instanceB;
    private Instant t0;

    @BeforeEach
    void twoInstances() {
        RedisTestSupport.assumeRedis();
        vertx = Vertx.vertx();
        redisA = RedisTestSupport.client(vertx, RedisTestSupport.URL);
        redisB = RedisTestSupport.client(vertx, RedisTestSupport.URL);
        prefix = RedisTestSupport.uniquePrefix();
        instanceA = new RedisSessionStore(redisA, new RedisKeys(prefix), Duration.ofSeconds(5));
        instanceB = new RedisSessionStore(redisB, new RedisKeys(prefix), Duration.ofSeconds(5));
        t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @AfterEach
    void cleanUp() {
        if (vertx == null) {
            return;
        }
        RedisTestSupport.deleteKeys(redisA, prefix);
        redisA.close();
        redisB.close();
        vertx.closeAndAwait();
    }

    @Test
    void instancesCleaningUpAtOnceRemoveAndCountEachExpiredSessionOnce() throws Exception {
        int sessions = 300;
        for (int i = 0; i < sessions; i++) {
            // Created half on each instance; all expired by t0 + 1 min.
            (i % 2 == 0 ? instanceA : instanceB).insert(SessionFixture.at(t0.minusSeconds(3600))
                    .expiresAt(t0.plusMillis(i)).build(), List.of(NodeResult.pending("n", t0)));
        }
        Instant now = t0.plus(Duration.ofMinutes(1));
        Set<UUID> removed = ConcurrentHashMap.newKeySet();
        AtomicInteger removals = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (RedisSessionStore instance : List.of(instanceA, instanceB, instanceA, instanceB)) {
                runs.add(pool.submit(() -> {
                    start.await();
                    // What each instance's cleanup does: list a batch of expired ids, remove each if still expired.
                    for (List<UUID> batch = instance.expiredBefore(now, 50); !batch.isEmpty();
                         batch = instance.expiredBefore(now, 50)) {
                        for (UUID id : batch) {
                            instance.remove(id, GoneReason.EXPIRED, now, now.plusSeconds(3600)).ifPresent(s -> {
                                removals.incrementAndGet();
                                assertThat(removed.add(s.id())).as("removed twice: %s", s.id()).isTrue();
                            });
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

        assertThat(removals).hasValue(sessions);
        assertThat(removed).hasSize(sessions);
        assertThat(instanceA.count()).isZero();
        assertThat(instanceA.stats(now, now).totalRemoved()).containsEntry(GoneReason.EXPIRED, (long) sessions);
        assertThat(instanceB.stats(now, now).totalRemoved()).containsEntry(GoneReason.EXPIRED, (long) sessions);
        assertThat(instanceB.stats(now, now).totalCreated()).isEqualTo(sessions);
    }

    @Test
    void instancesCompactingAtOnceCompactAndCountEachSessionOnce() throws Exception {
        List<RedisSessionStore> both = List.of(instanceA, instanceB);
        List<UUID> ids = CompactionRace.finishedSessions(both, t0, 200);
        Instant now = t0.plus(Duration.ofHours(2));

        Set<UUID> compacted = CompactionRace.race(both, 4, now, now);

        CompactionRace.assertEachCompactedOnce(both, ids, compacted);
    }

    @Test
    void writesOnOneInstanceAreReadIdenticallyOnTheOther() {
        Session created = SessionFixture.at(t0).nodeCount(2).build();
        instanceA.insert(created, List.of());
        Session next = created.transitionTo(dev.batchtracker.session.SessionStatus.RUNNING, "go", t0.plusMillis(5))
                .written(t0.plusMillis(5), t0.plus(Duration.ofMinutes(30)));
        NodeResult node = SessionFixture.node("a", NodeStatus.COMPLETED, t0.plusMillis(5));

        assertThat(instanceB.update(next, 1, node)).isTrue();

        assertThat(instanceA.find(created.id())).contains(next);
        assertThat(instanceA.findNode(created.id(), "a")).contains(node);
        assertThat(instanceA.update(next.written(t0.plusMillis(6), t0.plus(Duration.ofMinutes(30))), 1, null))
                .as("A's stale version loses").isFalse();
    }

    @Test
    void removingEverythingAndPurgingTombstonesLeavesOnlyStoreWideKeys() {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Session session = SessionFixture.at(t0.plusMillis(i)).idempotencyKey("key-" + i)
                    .groups(List.of(new dev.batchtracker.session.NodeGroup("g", List.of("a", "b")))).nodeCount(2)
                    .build();
            instanceA.insert(session, List.of(NodeResult.pending("a", t0), NodeResult.pending("b", t0)));
            sessions.add(session);
        }
        for (Session session : sessions) {
            assertThat(instanceB.remove(session.id(), GoneReason.DELETED, t0, t0.plusSeconds(60))).isPresent();
        }
        assertThat(instanceA.purgeTombstones(t0.plusSeconds(60), 1_000)).isEqualTo(sessions.size());

        // What stays is store-wide, never per session: the totals, and the change feed's sequence and purge floor.
        assertThat(RedisTestSupport.countKeys(redisA, prefix)).as("keys left under the prefix").isEqualTo(3);
        assertThat(instanceA.stats(t0, t0).approxBytes()).isZero();
    }
}
