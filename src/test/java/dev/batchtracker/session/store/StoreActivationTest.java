package dev.batchtracker.session.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which extension settings follow from batch.store and batch.store-timeout. */
class StoreActivationTest {

    @Test
    void theDatasourceIsActiveOnlyForThePostgresStore() {
        for (String store : new String[] {"memory", "sqlite", "redis"}) {
            assertThat(StoreActivation.derive(store, Duration.ofSeconds(2)))
                    .as(store).containsEntry("quarkus.datasource.active", "false")
                    .doesNotContainKeys("quarkus.datasource.jdbc.acquisition-timeout");
        }
        assertThat(StoreActivation.derive("postgres", Duration.ofSeconds(2)))
                .containsEntry("quarkus.datasource.active", "true");
    }

    @Test
    void theRedisClientIsActiveOnlyForTheRedisStore() {
        for (String store : new String[] {"memory", "sqlite", "postgres"}) {
            assertThat(StoreActivation.derive(store, Duration.ofSeconds(2)))
                    .as(store).containsEntry("quarkus.redis.active", "false")
                    .doesNotContainKeys("quarkus.redis.timeout");
        }
        assertThat(StoreActivation.derive("redis", Duration.ofMillis(1500)))
                .containsEntry("quarkus.redis.active", "true")
                .containsEntry("quarkus.redis.timeout", "PT1.5S")
                .containsEntry("quarkus.redis.tcp.connection-timeout", "PT1.5S");
    }

    @Test
    void postgresTimeoutsFollowTheStoreTimeout() {
        Map<String, String> derived = StoreActivation.derive("postgres", Duration.ofMillis(1500));

        assertThat(derived)
                .containsEntry("quarkus.datasource.jdbc.acquisition-timeout", "PT1.5S")
                .containsEntry("quarkus.datasource.jdbc.login-timeout", "PT1.5S")
                .containsEntry("quarkus.datasource.jdbc.additional-jdbc-properties.connectTimeout", "2")
                .containsEntry("quarkus.datasource.jdbc.additional-jdbc-properties.socketTimeout", "3")
                .containsEntry("quarkus.datasource.jdbc.additional-jdbc-properties.options",
                        "-c statement_timeout=1500");
    }
}
