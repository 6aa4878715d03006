package dev.batchtracker.session.health;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With the sqlite store, readiness lists the store's check and nothing for the PostgreSQL datasource it leaves off. */
@QuarkusTest
@TestProfile(SqliteReadinessChecksTest.SqliteStore.class)
class SqliteReadinessChecksTest {

    public static class SqliteStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.store", "sqlite",
                    "batch.sqlite.path", "target/readiness-" + UUID.randomUUID() + "/sessions.db");
        }
    }

    @Test
    void onlyTheChosenStoresCheckIsListed() {
        List<String> checks = given().get("/q/health/ready").then().statusCode(200)
                .extract().jsonPath().getList("checks.name", String.class);

        // Quarkus's own "Graceful Shutdown" check goes DOWN when a stop begins; it is about no store.
        assertThat(checks).containsExactlyInAnyOrder(BatchSessionsReadiness.NAME, "Graceful Shutdown");
        assertThat(given().get("/q/health/ready").jsonPath()
                .getString("checks.find { it.name == 'batch-sessions' }.data.store")).isEqualTo("sqlite");
    }
}
