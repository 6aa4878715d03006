package dev.batchtracker.session.store.it;

import dev.batchtracker.testing.PostgresServer;
import dev.batchtracker.testing.TwoInstances;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link CompactionInstancesCheck} on PostgreSQL: the conditional mark decides which instance compacts. */
class PostgresCompactionIT extends CompactionInstancesCheck {

    private static final String SCHEMA = PostgresServer.schema("batch_it_compaction");

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances(PostgresServer.server(),
            Documents.merged(PostgresServer.serviceEnv(PostgresServer.URL, SCHEMA), COMPACTION),
            "pg-compaction-a", "pg-compaction-b")
            .beforeStart(() -> PostgresServer.recreateSchema(SCHEMA))
            .afterStop(() -> PostgresServer.dropSchema(SCHEMA));

    @Override
    TwoInstances instances() {
        return instances;
    }
}
