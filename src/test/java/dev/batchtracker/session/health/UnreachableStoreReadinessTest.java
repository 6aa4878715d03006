package dev.batchtracker.session.health;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
@TestProfile(UnreachableStoreProfile.class)
class UnreachableStoreReadinessTest {

    private static final String CHECK = "checks.find { it.name == 'batch-sessions' }";

    @Test
    void notReadyWhenTheStoreCannotBeReached() {
        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body(CHECK + ".status", is("DOWN"))
                .body(CHECK + ".data.error", is("the session store cannot be reached"))
                // The cause is logged, not handed to whoever probes.
                .body(CHECK + ".data.error", not(containsString("refused")));
    }

    @Test
    void stillAliveWhenTheStoreCannotBeReached() {
        given().when().get("/q/health/live").then()
                .statusCode(200)
                .body("status", is("UP"));
    }
}
