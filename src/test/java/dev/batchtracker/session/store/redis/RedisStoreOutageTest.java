package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.StoreUnavailableException;
import dev.batchtracker.session.store.SessionFixture;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Redis goes away and comes back under a live client: calls fail with StoreUnavailableException instead of
 * hanging, the same client works again once Redis is back (no restart), scripts are re-sent after the server lost
 * its script cache, and — with Redis persisting every write — nothing acknowledged is lost.
 */
class RedisStoreOutageTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** A hang guard, not a performance claim: a call must end near the store timeout, never run on. */
    private static final Duration HANG_GUARD = TIMEOUT.multipliedBy(10);

    private OwnRedisServer server;
    private Vertx vertx;
    private Redis redis;
    private RedisSessionStore store;

    @BeforeEach
    void startRedis() throws Exception {
        server = OwnRedisServer.start(true);
        vertx = Vertx.vertx();
        redis = RedisTestSupport.client(vertx, server.url());
        store = new RedisSessionStore(redis, new RedisKeys("batch:"), TIMEOUT);
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.close();
            vertx.closeAndAwait();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void callsFailFastWhileRedisIsAwayAndSucceedAgainWhenItIsBack() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Session session = SessionFixture.at(t0).nodeCount(2).build();
        store.insert(session, List.of());
        Session running = session.transitionTo(SessionStatus.RUNNING, "go", t0.plusMillis(1))
                .written(t0.plusMillis(1), t0.plus(Duration.ofMinutes(30)));
        assertThat(store.update(running, 1, SessionFixture.node("a", NodeStatus.COMPLETED, t0.plusMillis(1))))
                .as("acknowledged before the outage").isTrue();

        server.kill();

        assertTimeoutPreemptively(HANG_GUARD, () -> {
            assertThatThrownBy(() -> store.find(session.id())).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(store::ping).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.update(running.written(t0.plusMillis(2), t0.plus(Duration.ofMinutes(30))),
                    2, null)).isInstanceOf(StoreUnavailableException.class);
            assertThatThrownBy(() -> store.insert(SessionFixture.at(t0).build(), List.of()))
                    .isInstanceOf(StoreUnavailableException.class);
        });

        server.restart();

        await().atMost(Duration.ofSeconds(20)).ignoreException(StoreUnavailableException.class)
                .untilAsserted(store::ping);
        assertThat(store.find(session.id())).as("acknowledged writes survive").contains(running);
        assertThat(store.findNode(session.id(), "a")).isPresent();
        assertThat(scriptCached()).as("a restarted server has no scripts").isFalse();
        Session next = running.written(t0.plusMillis(3), t0.plus(Duration.ofMinutes(30)));
        assertThat(store.update(next, 2, null)).as("EVALSHA falls back to EVAL after NOSCRIPT").isTrue();
        assertThat(scriptCached()).isTrue();
        assertThat(store.find(session.id())).contains(next);
        assertThat(store.stats(t0, t0).totalCreated()).isEqualTo(1);
    }

    @Test
    void aClosedPortFailsFastToo() throws Exception {
        int closed = OwnRedisServer.freePort();
        Redis nowhere = RedisTestSupport.client(vertx, "redis://127.0.0.1:" + closed);
        try {
            RedisSessionStore unreachable = new RedisSessionStore(nowhere, new RedisKeys("batch:"), TIMEOUT);
            assertTimeoutPreemptively(HANG_GUARD, () -> {
                assertThatThrownBy(unreachable::ping).isInstanceOf(StoreUnavailableException.class);
                assertThatThrownBy(() -> unreachable.find(UUID.randomUUID()))
                        .isInstanceOf(StoreUnavailableException.class)
                        .hasMessageNotContaining(Integer.toString(closed)); // no addresses in client-facing text
            });
        } finally {
            nowhere.close();
        }
    }

    private boolean scriptCached() {
        return redis.send(Request.cmd(Command.SCRIPT).arg("EXISTS").arg(RedisScripts.UPDATE.sha1()))
                .await().atMost(Duration.ofSeconds(5)).get(0).toInteger() == 1;
    }
}
