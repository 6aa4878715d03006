package dev.batchtracker.session.health;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * batch.max-store-memory on the memory store, over HTTP: readiness turns degraded at 80 % of the budget (not
 * before), creates go on until 100 %, then a create is 503 with Retry-After; a delete makes room again. The figure
 * is the store's own running estimate, so each step is seen at once, without waiting for cached figures.
 */
@QuarkusTest
@TestProfile(MemoryBudgetProfile.class)
class MemoryBudgetApiTest {

    private static final String CHECK = "checks.find { it.name == 'batch-sessions' }";
    private static final long BUDGET = MemoryBudgetProfile.BUDGET_BYTES;

    @Inject
    SessionStore store;

    @Test
    void degradedFromEightyPercentAndCreatesRefusedAtTheFullBudget() {
        List<String> ids = new ArrayList<>();
        while (used() * 5 < BUDGET * 4) {
            readiness().body(CHECK + ".data.degraded", is(false))
                    .body(CHECK + ".data.store_memory_budget_bytes", is((int) BUDGET));
            ids.add(Api.createSession(1));
        }
        assertThat(ids).as("the budget holds a few dozen one-node sessions").hasSizeGreaterThan(10);
        readiness().body(CHECK + ".status", is("UP"))
                .body(CHECK + ".data.degraded", is(true))
                .body(CHECK + ".data.degraded_reason", containsString("of its memory budget"))
                .body(CHECK + ".data.store_memory_used_bytes", is((int) used()));

        JsonPath degraded = metrics();
        assertThat(degraded.getLong("store_memory_budget_bytes")).isEqualTo(BUDGET);
        assertThat(degraded.getLong("store_memory_used_bytes")).isEqualTo(used());
        assertThat(degraded.getDouble("store_memory_used_fraction")).isBetween(0.8, 1.0);

        while (used() < BUDGET) {
            ids.add(Api.createSession(1));
        }
        long sessions = store.count();
        Response full = Api.json().body("{\"canvas_path\":\"c\",\"node_count\":1}").post(Api.SESSIONS);

        JsonNode problem = assertProblem(full, 503);
        assertThat(problem.get("code").asText()).isEqualTo("capacity-exceeded");
        assertThat(problem.get("detail").asText()).contains("memory budget", "batch.max-store-memory");
        // Memory comes back when the cleanup removes sessions: its interval is the honest wait.
        assertThat(full.header("Retry-After")).isEqualTo("30");
        assertThat(store.count()).isEqualTo(sessions);
        assertThat(metrics().getDouble("store_memory_used_fraction")).isGreaterThanOrEqualTo(1.0);

        given().delete(Api.SESSIONS + "/{id}", ids.get(0)).then().statusCode(204);
        assertThat(used()).isLessThan(BUDGET);
        Api.createSession(1);
    }

    private long used() {
        return store.heapFootprint().orElseThrow();
    }

    private static ValidatableResponse readiness() {
        return given().when().get("/q/health/ready").then().statusCode(200);
    }

    private static JsonPath metrics() {
        return given().when().get("/api/v1/parallel/metrics").then().statusCode(200).extract().jsonPath();
    }
}
