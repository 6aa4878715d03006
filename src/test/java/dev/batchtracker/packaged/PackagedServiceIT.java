package dev.batchtracker.packaged;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.api.ContractBundle;
import dev.batchtracker.testing.Api;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.SseClient.Event;
import dev.batchtracker.testing.StatusDocumentSchema;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

/**
 * The packaged service end to end, as a client sees it: the jar in {@code ./mvnw verify}, the native executable in
 * {@code ./mvnw verify -Dnative}. What a native image loses without telling (resources, classes reached by name,
 * JSON naming) shows here as a wrong answer, where no unit test would see it.
 */
@QuarkusIntegrationTest
class PackagedServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STATIC = Path.of("src", "main", "resources", "META-INF", "resources");

    @Test
    void oneSessionsWholeLifeOverRest() throws Exception {
        Response created = Api.post(Api.SESSIONS, Map.of(
                "canvas_path", "canvases/etl.json",
                "groups", List.of(Map.of("group_id", "g1", "node_ids", List.of("a", "b")),
                        Map.of("group_id", "g2", "node_ids", List.of("c"))),
                "metadata", Map.of("owner", "etl")));
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        JsonNode document = StatusDocumentSchema.assertValid(created.asString());
        String id = document.get("task_id").asText();
        assertThat(created.header("Location")).endsWith("/api/v1/parallel/status/" + id);
        assertThat(document.get("status").asText()).isEqualTo("pending");
        assertThat(document.get("node_count").asInt()).isEqualTo(3);
        assertThat(document.get("metadata").get("owner").asText()).isEqualTo("etl");

        Api.transition(id, "running");
        Api.reportNode(id, "a", "running");
        Api.ok(Api.json().body(Map.of("status", "completed", "result", Map.of("rows", 42)))
                .put(Api.SESSIONS + "/{id}/nodes/{node}", id, "a"));
        Api.ok(Api.json().body(Map.of("status", "failed", "error", "timeout"))
                .put(Api.SESSIONS + "/{id}/nodes/{node}", id, "b"));
        JsonNode finished = Api.reportNode(id, "c", "completed");

        assertThat(finished.get("status").asText()).isEqualTo("partial_failure");
        assertThat(finished.get("progress_percent").asDouble()).isEqualTo(100.0);
        assertThat(finished.get("completed_nodes").asInt()).isEqualTo(2);
        assertThat(finished.get("failed_nodes").asInt()).isEqualTo(1);
        List<String> moves = new ArrayList<>();
        finished.get("history")
                .forEach(entry -> moves.add(entry.get("from").asText() + ">" + entry.get("to").asText()));
        assertThat(moves).containsExactly("pending>running", "running>partial_failure");

        Response read = Api.json().get(Api.STATUS, id);
        assertThat(read.statusCode()).isEqualTo(200);
        String etag = read.header("ETag");
        assertThat(etag).isEqualTo("\"" + finished.get("version").asLong() + "\"");
        given().header("If-None-Match", etag).get(Api.STATUS, id).then().statusCode(304);

        given().accept("application/json").get(Api.SESSIONS + "/{id}/nodes?status=failed", id).then()
                .statusCode(200)
                .body("items.node_id", is(List.of("b")))
                .body("items[0].error", is("timeout"));
        given().accept("application/json").get(Api.SESSIONS + "?status=partial_failure").then()
                .statusCode(200)
                .body("items.task_id", hasItem(id));

        given().delete(Api.SESSIONS + "/{id}", id).then().statusCode(204);
        given().accept("application/json").get(Api.STATUS, id).then()
                .statusCode(410)
                .contentType(startsWith("application/problem+json"))
                .body("reason", is("deleted"));
    }

    @Test
    void oneStreamToItsEnd() throws Exception {
        String id = Api.runningSession(1);
        try (SseClient stream = SseClient.open(Packaged.uri("/api/v1/parallel/status/" + id))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));

            Event first = stream.nextEvent();
            assertThat(first.name()).isEqualTo("status");
            assertThat(first.retry()).isEqualTo(3000L);
            JsonNode snapshot = JSON.readTree(first.data());
            assertThat(snapshot.get("task_id").asText()).isEqualTo(id);
            assertThat(snapshot.get("status").asText()).isEqualTo("running");
            assertThat(first.id()).isEqualTo(snapshot.get("version").asText());

            JsonNode written = Api.reportNode(id, "n1", "completed");

            Event last = stream.nextEvent();
            JsonNode terminal = JSON.readTree(last.data());
            assertThat(last.name()).isEqualTo("status");
            assertThat(terminal.get("status").asText()).isEqualTo("completed");
            assertThat(last.id()).isEqualTo(written.get("version").asText());
            assertThat(stream.awaitEnd()).as("the server ends the stream after the terminal status").isTrue();
        }
    }

    @Test
    void theContractIsServedAsTheBuildBundledIt() throws Exception {
        // The build writes both forms from specs/api (ContractBundle: the status schema inlined); the binary serves
        // exactly those bytes, YAML by default and JSON on request.
        given().get("/q/openapi").then()
                .statusCode(200)
                .contentType(startsWith("application/yaml"))
                .body(is(Files.readString(Path.of("target", "classes", "contract", ContractBundle.YAML_FILE))));
        given().get("/q/openapi?format=json").then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body(is(Files.readString(Path.of("target", "classes", "contract", ContractBundle.JSON_FILE))));
    }

    @Test
    void healthIsUpWithTheSessionsCheck() {
        given().get("/q/health").then()
                .statusCode(200)
                .body("status", is("UP"))
                .body(Packaged.READINESS_CHECK + ".data.store", is("memory"));
    }

    @Test
    void metricsServeTheServicesSeriesAndItsJsonFigures() {
        Api.createSession(1);
        String exposition = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher created = Pattern.compile("(?m)^batch_sessions_created_total(?:\\{[^}]*})? (\\S+)$")
                .matcher(exposition);
        assertThat(created.find()).as("batch_sessions_created_total in /q/metrics").isTrue();
        assertThat(Double.parseDouble(created.group(1))).isGreaterThanOrEqualTo(1);
        assertThat(exposition).contains("batch_sse_subscribers");
        given().accept("application/json").get("/api/v1/parallel/metrics").then()
                .statusCode(200)
                .body("total_created", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
    }

    @Test
    void theDashboardPageAndItsModulesAreServed() throws Exception {
        String page = given().get("/").then()
                .statusCode(200)
                .contentType(startsWith("text/html"))
                .extract().asString();
        assertThat(page).isEqualTo(Files.readString(STATIC.resolve("index.html")));

        Matcher script = Pattern.compile("<script type=\"module\" src=\"([^\"]+)\"").matcher(page);
        assertThat(script.find()).as("index.html loads a module").isTrue();
        String module = script.group(1);
        String app = given().get("/" + module).then()
                .statusCode(200)
                .contentType(containsString("javascript"))
                .extract().asString();
        assertThat(app).isEqualTo(Files.readString(STATIC.resolve(module)));

        // And what that module imports, so the page can start at all.
        Matcher imports = Pattern.compile("from '\\./([^']+)'").matcher(app);
        String folder = module.substring(0, module.lastIndexOf('/') + 1);
        int count = 0;
        while (imports.find()) {
            given().get("/" + folder + imports.group(1)).then().statusCode(200)
                    .contentType(containsString("javascript"));
            count++;
        }
        assertThat(count).as("imports of " + module).isPositive();
    }
}
