package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.SessionStoreContractTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.time.Duration;

/** The store contract against a real Redis, each test under a key prefix of its own. */
class RedisSessionStoreTest extends SessionStoreContractTest {

    private static Vertx vertx;
    private static Redis redis;
    private String prefix;

    @BeforeAll
    static void connect() {
        if (RedisTestSupport.reachable()) {
            vertx = Vertx.vertx();
            redis = RedisTestSupport.client(vertx, RedisTestSupport.URL);
        }
    }

    @AfterAll
    static void disconnect() {
        if (vertx != null) {
            redis.close();
            vertx.closeAndAwait();
        }
    }

    @Override
    protected SessionStore createStore() {
        RedisTestSupport.assumeRedis();
        prefix = RedisTestSupport.uniquePrefix();
        return new RedisSessionStore(redis, new RedisKeys(prefix), Duration.ofSeconds(5));
    }

    /** Node execution times come from the per-session histogram (see ExecutionBuckets). */
    @Override
    protected boolean approximateNodeTimes() {
        return true;
    }

    @Override
    protected void destroyStore(SessionStore store) {
        RedisTestSupport.deleteKeys(redis, prefix);
    }
}
