package dev.batchtracker.session.store.it;

import dev.batchtracker.session.store.redis.RedisTestSupport;
import dev.batchtracker.testing.TwoInstances;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;

/** {@link CompactionInstancesCheck} on Redis: the version-checked script decides which instance compacts. */
class RedisCompactionIT extends CompactionInstancesCheck {

    private static final String PREFIX = RedisTestSupport.uniquePrefix();

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances(RedisTestSupport.server(),
            Documents.merged(Map.of("BATCH_STORE", "redis", "BATCH_REDIS_KEY_PREFIX", PREFIX,
                    "QUARKUS_REDIS_HOSTS", RedisTestSupport.URL), COMPACTION), "redis-compaction-a",
            "redis-compaction-b")
            .afterStop(() -> RedisTestSupport.deleteKeys(RedisTestSupport.URL, PREFIX));

    @Override
    TwoInstances instances() {
        return instances;
    }
}
