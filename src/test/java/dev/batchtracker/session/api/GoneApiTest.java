package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.session.cleanup.CleanupService;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Deleted and expired sessions answer 410 with their reason for batch.tombstone-ttl, then 404. */
@QuarkusTest
class GoneApiTest {

    /** Defaults of batch.session-timeout, batch.expiry-step and batch.tombstone-ttl, which this test runs with. */
    private static final Duration SESSION_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration EXPIRY_STEP = Duration.ofSeconds(10);
    private static final Duration TOMBSTONE_TTL = Duration.ofHours(1);

    @Inject
    MutableClock clock;

    @Inject
    CleanupService cleanup;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static void assertGone(io.restassured.response.Response response, String id, String reason) {
        JsonNode problem = assertProblem(response, 410);
        assertThat(problem.get("reason").asText()).isEqualTo(reason);
        assertThat(problem.get("task_id").asText()).isEqualTo(id);
    }

    @Test
    void deleteAnswers204AndTheSessionIsGoneAsDeleted() {
        String id = Api.createSession(2);

        given().delete(Api.SESSIONS + "/{id}", id).then().statusCode(204);

        assertGone(Api.json().get(Api.STATUS, id), id, "deleted");
        assertGone(given().delete(Api.SESSIONS + "/{id}", id), id, "deleted");
        assertGone(Api.post(Api.SESSIONS + "/{id}/transitions", Map.of("to", "running"), id), id, "deleted");
        assertGone(given().get(Api.SESSIONS + "/{id}/nodes", id), id, "deleted");
        assertGone(given().post(Api.SESSIONS + "/{id}/heartbeat", id), id, "deleted");
    }

    @Test
    void deletingAnUnknownOrMalformedIdIs404() {
        assertProblem(given().delete(Api.SESSIONS + "/{id}", UUID.randomUUID().toString()), 404);
        assertProblem(given().delete(Api.SESSIONS + "/{id}", "nope"), 404);
    }

    @Test
    void aDeletedSessionIs404OnceItsTombstoneTtlHasPassed() {
        String id = Api.createSession(1);
        given().delete(Api.SESSIONS + "/{id}", id).then().statusCode(204);

        clock.advance(TOMBSTONE_TTL.minusSeconds(1));
        assertGone(Api.json().get(Api.STATUS, id), id, "deleted");

        clock.advance(Duration.ofSeconds(2));
        assertProblem(Api.json().get(Api.STATUS, id), 404);
    }

    @Test
    void aSessionPastItsTimeoutIsGoneAsExpiredAtOnce() {
        String id = Api.runningSession(2);

        clock.advance(SESSION_TIMEOUT.minusSeconds(1));
        Api.status(id);

        clock.advance(EXPIRY_STEP.plusSeconds(2)); // expiry is rounded up by at most one step
        // Lazy expiry: no cleanup has run, yet every request already sees it gone.
        assertGone(Api.json().get(Api.STATUS, id), id, "expired");
        assertGone(Api.json().body(Map.of("status", "completed")).put(Api.SESSIONS + "/{id}/nodes/a", id), id,
                "expired");
        assertGone(given().get(Api.SESSIONS + "/{id}/nodes", id), id, "expired");
        assertGone(given().delete(Api.SESSIONS + "/{id}", id), id, "expired");
    }

    @Test
    void anExpiredSessionRemovedByCleanupIs404AfterTheTombstoneTtl() {
        String id = Api.createSession(1);
        clock.advance(SESSION_TIMEOUT.plus(EXPIRY_STEP).plusSeconds(1));

        // The scheduled job's run, called directly.
        assertThat(cleanup.run(false).expiredIds()).contains(UUID.fromString(id));
        assertGone(Api.json().get(Api.STATUS, id), id, "expired");

        clock.advance(TOMBSTONE_TTL.plusSeconds(1));
        assertProblem(Api.json().get(Api.STATUS, id), 404);
    }

    @Test
    void anExpiredSessionIsNotListed() {
        String id = Api.createSession(1);
        clock.advance(SESSION_TIMEOUT.plus(EXPIRY_STEP).plusSeconds(1));

        JsonNode page = dev.batchtracker.testing.StatusDocumentSchema.assertValidItems(
                given().queryParam("limit", 500).get(Api.SESSIONS).asString());
        assertThat(page.get("items").findValuesAsText("task_id")).doesNotContain(id);
    }
}
