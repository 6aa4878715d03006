package dev.batchtracker.packaged;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The packaged service (the jar, or the native executable under {@code -Dnative}) on one store: it starts, becomes
 * ready on that store, and a session written through it reads back. One short subclass per store.
 */
abstract class PackagedStoreCheck {

    /** The store's name as readiness reports it. */
    abstract String store();

    @Test
    void startsAndBecomesReadyOnItsStore() {
        // A shared store is used lazily (first request, or the first readiness check): allow it a moment.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body(Packaged.READINESS_CHECK + ".status", is("UP"))
                .body(Packaged.READINESS_CHECK + ".data.store", is(store())));
        given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }

    @Test
    void aSessionWrittenThroughItReadsBack() {
        String id = Api.create(Map.of("canvas_path", "canvas/" + store() + ".json", "node_count", 2))
                .get("task_id").asText();
        Api.transition(id, "running");
        Api.reportNode(id, "n1", "completed");
        JsonNode last = Api.reportNode(id, "n2", "failed");

        JsonNode read = Api.status(id);
        assertThat(read.get("status").asText()).isEqualTo("partial_failure");
        assertThat(read.get("version").asLong()).isEqualTo(last.get("version").asLong()).isEqualTo(4);
        assertThat(read.get("completed_nodes").asInt()).isEqualTo(1);
        assertThat(read.get("failed_nodes").asInt()).isEqualTo(1);
        assertThat(read.get("canvas_path").asText()).isEqualTo("canvas/" + store() + ".json");
    }
}
