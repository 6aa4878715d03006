package dev.batchtracker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Short ways to drive the API in tests. Every status document these return has been validated against the
 * status schema, so any test using them checks the contract as a side effect.
 */
public final class Api {

    public static final String SESSIONS = "/api/v1/parallel/sessions";
    public static final String STATUS = "/api/v1/parallel/status/{id}";

    private Api() {
    }

    public static RequestSpecification json() {
        return given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static Response post(String path, Object body, Object... pathParams) {
        return json().body(body).post(path, pathParams);
    }

    /** Creates a session and returns its status document. */
    public static JsonNode create(Object body) {
        Response response = post(SESSIONS, body);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        return StatusDocumentSchema.assertValid(response.asString());
    }

    public static String createSession(int nodeCount) {
        return create(Map.of("canvas_path", "canvas/test.json", "node_count", nodeCount)).get("task_id").asText();
    }

    /** A session already moved to running. */
    public static String runningSession(int nodeCount) {
        String id = createSession(nodeCount);
        transition(id, "running");
        return id;
    }

    public static JsonNode status(String id) {
        Response response = json().get(STATUS, id);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return StatusDocumentSchema.assertValid(response.asString());
    }

    public static JsonNode transition(String id, String to) {
        return ok(post(SESSIONS + "/{id}/transitions", Map.of("to", to), id));
    }

    public static JsonNode reportNode(String id, String nodeId, String status) {
        return ok(json().body(Map.of("status", status)).put(SESSIONS + "/{id}/nodes/{node}", id, nodeId));
    }

    /** Asserts 200 and returns the JSON body, whatever its shape. */
    public static JsonNode ok200(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.asString());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + response.asString(), e);
        }
    }

    /** Asserts 200 and a valid status document. */
    public static JsonNode ok(Response response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        return StatusDocumentSchema.assertValid(response.asString());
    }
}
