package dev.batchtracker.session.store.postgres;

import dev.batchtracker.session.store.CompactionRace;
import dev.batchtracker.session.store.jdbc.JdbcSessionStore;
import dev.batchtracker.testing.PostgresServer;
import io.agroal.api.AgroalDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two store instances, each with its own connection pool, on one schema: what several service instances sharing a
 * database do, without starting processes. Compaction racing on both compacts and counts each session once.
 */
class PostgresSharedStoreTest {

    private static final String SCHEMA = PostgresServer.schema("batch_shared_store_test");
    private AgroalDataSource poolA;
    private AgroalDataSource poolB;
    private JdbcSessionStore instanceA;
    private JdbcSessionStore instanceB;

    @BeforeEach
    void twoInstances() throws Exception {
        PostgresServer.assumeReachable();
        PostgresServer.recreateSchema(SCHEMA);
        poolA = PostgresServer.pool(SCHEMA, 4, Duration.ofSeconds(10));
        poolB = PostgresServer.pool(SCHEMA, 4, Duration.ofSeconds(10));
        instanceA = PostgresStoreProducer.open(poolA, () -> { }, Duration.ofSeconds(10));
        instanceB = PostgresStoreProducer.open(poolB, () -> { }, Duration.ofSeconds(10));
    }

    @AfterEach
    void dropSchema() throws Exception {
        if (poolA != null) {
            poolA.close();
            poolB.close();
            PostgresServer.dropSchema(SCHEMA);
        }
    }

    @Test
    void instancesCompactingAtOnceCompactAndCountEachSessionOnce() throws Exception {
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<JdbcSessionStore> both = List.of(instanceA, instanceB);
        List<UUID> ids = CompactionRace.finishedSessions(both, t0, 200);
        Instant now = t0.plus(Duration.ofHours(2));

        Set<UUID> compacted = CompactionRace.race(both, 4, now, now);

        CompactionRace.assertEachCompactedOnce(both, ids, compacted);
    }
}
