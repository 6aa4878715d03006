package dev.batchtracker.session.health;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With the memory store, readiness lists the store's check, nothing for the PostgreSQL datasource it leaves off. */
@QuarkusTest
class ReadinessChecksTest {

    @Test
    void onlyTheChosenStoresCheckIsListed() {
        List<String> checks = given().get("/q/health/ready").then().statusCode(200)
                .extract().jsonPath().getList("checks.name", String.class);

        // Quarkus's own "Graceful Shutdown" check goes DOWN when a stop begins; it is about no store.
        assertThat(checks).containsExactlyInAnyOrder(BatchSessionsReadiness.NAME, "Graceful Shutdown");
    }
}
