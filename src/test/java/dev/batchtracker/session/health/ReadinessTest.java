package dev.batchtracker.session.health;

import dev.batchtracker.session.cleanup.CleanupService;
import dev.batchtracker.session.store.StoreStatsCache;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ReadinessTest {

    private static final String CHECK = "checks.find { it.name == 'batch-sessions' }";

    @Inject
    MutableClock clock;
    @Inject
    CleanupService cleanup;
    @Inject
    StoreStatsCache stats;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void readyWithFigures() {
        cleanup.run(false);
        stats.invalidate();
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body(CHECK + ".status", is("UP"))
                .body(CHECK + ".data.store", is("memory"))
                .body(CHECK + ".data.active_sessions", greaterThanOrEqualTo(0))
                .body(CHECK + ".data.degraded", is(false))
                .body(CHECK + ".data.last_cleanup_time", not("never"))
                .body(CHECK + ".data.last_successful_cleanup_time", notNullValue());
    }

    @Test
    void degradedButStillReadyWhenNoCleanupSucceededForFiveIntervals() {
        // The test profile's interval is 1H: six hours without a successful run is overdue.
        clock.advance(Duration.ofHours(6));
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body(CHECK + ".status", is("UP"))
                .body(CHECK + ".data.degraded", is(true))
                .body(CHECK + ".data.degraded_reason", containsString("no successful cleanup"));

        cleanup.run(false);

        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body(CHECK + ".data.degraded", is(false));
    }

    @Test
    void livenessDoesNotIncludeTheStoreCheck() {
        given().when().get("/q/health/live").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", not(hasItem("batch-sessions")));
    }
}
