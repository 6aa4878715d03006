package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.session.events.SharedEventHub;
import dev.batchtracker.session.store.SessionStore;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code batch.store=redis} wires the Redis store and the shared hub over Redis pub/sub. A second "instance" —
 * its own client, store and hub on the same prefix — sees this one's sessions and events, and this one sees its.
 */
@QuarkusTest
@TestProfile(RedisChosenTest.RedisStore.class)
class RedisChosenTest {

    /** One per JVM: Quarkus loads this class in two class loaders, and both must agree on the prefix. */
    static final String PREFIX = (String) System.getProperties()
            .computeIfAbsent("batchtracker-test.redis-chosen-prefix", k -> RedisTestSupport.uniquePrefix());

    public static class RedisStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.store", "redis", "batch.redis.key-prefix", PREFIX,
                    "quarkus.redis.hosts", RedisTestSupport.URL);
        }
    }

    @Inject
    SessionStore store;
    @Inject
    SessionEventHub hub;
    @Inject
    BatchSessionManager manager;

    private static Vertx vertx;
    private static Redis otherClient;
    private static RedisSessionStore otherStore;
    private static SharedEventHub otherHub;

    @BeforeAll
    static void otherInstance() {
        if (!RedisTestSupport.reachable()) {
            return;
        }
        vertx = Vertx.vertx();
        otherClient = RedisTestSupport.client(vertx, RedisTestSupport.URL);
        RedisKeys keys = new RedisKeys(PREFIX);
        otherStore = new RedisSessionStore(otherClient, keys, Duration.ofSeconds(5));
        otherHub = new SharedEventHub("other-instance", new RedisEventTransport(vertx, otherClient,
                keys.eventChannel(), Duration.ofSeconds(1), Duration.ofSeconds(10)), otherStore).start();
    }

    @AfterAll
    static void cleanUp() {
        if (vertx == null) {
            return;
        }
        otherHub.close();
        RedisTestSupport.deleteKeys(otherClient, PREFIX);
        otherClient.close();
        vertx.closeAndAwait();
    }

    @Test
    void theServiceRunsOnRedisAndSharesSessionsAndEventsWithAnotherInstance() throws Exception {
        RedisTestSupport.assumeRedis();
        assertThat(ConfigProvider.getConfig().getValue("quarkus.redis.active", Boolean.class)).isTrue();
        assertThat(hub).isInstanceOf(SessionEventHub.class);
        store.ping();

        Session created = manager.create(new CreateSession("canvases/shared.json", 2, List.of(), null, null, null))
                .session();
        assertThat(otherStore.find(created.id())).contains(created);

        // Another instance subscribes; this one writes: every version arrives there, in order.
        BlockingQueue<SessionEvent> there = new LinkedBlockingQueue<>();
        try (SessionEventHub.Subscription ignored = otherHub.subscribe(created.id(), there::add)) {
            awaitSubscribed();
            Session running = manager.transition(created.id(), SessionStatus.RUNNING, "go");
            Session progressed = manager.reportProgress(created.id(), 40);
            manager.delete(created.id());

            assertThat(((SessionEvent.Changed) there.poll(5, TimeUnit.SECONDS)).session()).isEqualTo(running);
            assertThat(((SessionEvent.Changed) there.poll(5, TimeUnit.SECONDS)).session()).isEqualTo(progressed);
            assertThat(there.poll(5, TimeUnit.SECONDS))
                    .isEqualTo(new SessionEvent.Gone(created.id(), GoneReason.DELETED));
        }

        // And the other way round: a session the other instance created and moved, seen and heard here.
        Session theirs = manager.create(new CreateSession("canvases/theirs.json", 1, List.of(), null, null, null))
                .session();
        BlockingQueue<SessionEvent> here = new LinkedBlockingQueue<>();
        try (SessionEventHub.Subscription ignored = hub.subscribe(theirs.id(), here::add)) {
            Instant at = theirs.timeline().updatedAt().plusMillis(1);
            Session moved = theirs.transitionTo(SessionStatus.RUNNING, "remote", at)
                    .written(at, theirs.timeline().expiresAt());
            assertThat(otherStore.update(moved, theirs.version(), null)).isTrue();
            otherHub.publish(new SessionEvent.Changed(moved));

            assertThat(((SessionEvent.Changed) here.poll(5, TimeUnit.SECONDS)).session()).isEqualTo(moved);
            assertThat(manager.get(theirs.id())).isEqualTo(moved);
        }
    }

    /** The app's hub subscribes when it is created; the other one at start: both must be on the channel. */
    private static void awaitSubscribed() {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> otherClient.send(
                        io.vertx.mutiny.redis.client.Request.cmd(io.vertx.mutiny.redis.client.Command.PUBSUB)
                                .arg("NUMSUB").arg(new RedisKeys(PREFIX).eventChannel()))
                .await().atMost(Duration.ofSeconds(2)).get(1).toInteger() >= 2);
    }
}
