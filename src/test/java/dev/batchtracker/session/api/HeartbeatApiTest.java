package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** POST …/{task_id}/heartbeat: activity without change. Runs with the default timeouts (30M, stale after 2M). */
@QuarkusTest
class HeartbeatApiTest {

    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private static void heartbeat(String id) {
        given().post(Api.SESSIONS + "/{id}/heartbeat", id).then().statusCode(204);
    }

    @Test
    void aHeartbeatClearsStaleAndExtendsExpiryWithoutANewVersion() {
        String id = Api.runningSession(2);
        clock.advance(Duration.ofMinutes(3));
        JsonNode stale = Api.status(id);
        assertThat(stale.get("stale").asBoolean()).isTrue();

        heartbeat(id);

        JsonNode fresh = Api.status(id);
        assertThat(fresh.get("stale").asBoolean()).isFalse();
        assertThat(fresh.get("version")).isEqualTo(stale.get("version"));
        assertThat(fresh.get("updated_at")).isEqualTo(stale.get("updated_at"));
        assertThat(Instant.parse(fresh.get("expires_at").asText()))
                .isAfter(Instant.parse(stale.get("expires_at").asText()));
    }

    @Test
    void heartbeatsKeepASessionAlivePastItsFirstTimeout() {
        String id = Api.runningSession(1);
        clock.advance(Duration.ofMinutes(20));
        heartbeat(id);
        clock.advance(Duration.ofMinutes(20));

        assertThat(Api.status(id).get("status").asText()).isEqualTo("running");
    }

    @Test
    void readsAloneDoNotKeepASessionAlive() {
        String id = Api.runningSession(1);
        clock.advance(Duration.ofMinutes(20));
        Api.status(id);
        clock.advance(Duration.ofMinutes(11));

        assertProblem(Api.json().get(Api.STATUS, id), 410);
    }

    @Test
    void aHeartbeatOnAFinishedSessionIsAcceptedAndChangesNothing() {
        String id = Api.createSession(1);
        JsonNode cancelled = Api.transition(id, "cancelled");

        heartbeat(id);

        JsonNode after = Api.status(id);
        assertThat(after.get("expires_at")).isEqualTo(cancelled.get("expires_at"));
        assertThat(after.get("version")).isEqualTo(cancelled.get("version"));
    }

    @Test
    void aHeartbeatForAnUnknownSessionIs404() {
        assertProblem(given().post(Api.SESSIONS + "/{id}/heartbeat", "22222222-2222-4222-8222-222222222222"), 404);
        assertProblem(given().post(Api.SESSIONS + "/{id}/heartbeat", "bad"), 404);
    }
}
