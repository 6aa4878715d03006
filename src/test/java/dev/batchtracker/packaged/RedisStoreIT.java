package dev.batchtracker.packaged;

import dev.batchtracker.session.store.redis.RedisTestSupport;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.Map;

/**
 * The packaged service on the redis store, under a key prefix of its own that is deleted afterwards. Without a
 * server it is skipped, and fails under CI=true.
 */
@QuarkusIntegrationTest
@TestProfile(RedisStoreIT.OnRedis.class)
class RedisStoreIT extends PackagedStoreCheck {

    static final String PREFIX = RedisTestSupport.uniquePrefix();

    @Override
    String store() {
        return "redis";
    }

    @BeforeEach
    void requireRedis() {
        RedisTestSupport.assumeRedis();
    }

    @AfterAll
    static void deleteKeys() {
        if (RedisTestSupport.reachable()) {
            RedisTestSupport.deleteKeys(RedisTestSupport.URL, PREFIX);
        }
    }

    public static class OnRedis implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.store", "redis",
                    "quarkus.redis.hosts", RedisTestSupport.URL,
                    "batch.redis.key-prefix", PREFIX);
        }
    }
}
