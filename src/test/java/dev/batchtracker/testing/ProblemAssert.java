package dev.batchtracker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Asserts that an answer is an RFC 9457 problem of the expected status, and gives its body for further checks. */
public final class ProblemAssert {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemAssert() {
    }

    public static JsonNode assertProblem(Response response, int status) {
        assertThat(response.statusCode()).as("status of %s", response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body;
        try {
            body = JSON.readTree(response.asString());
        } catch (IOException e) {
            throw new AssertionError("problem body is not JSON: " + response.asString(), e);
        }
        assertThat(body.path("type").asText()).startsWith("urn:batch-tracker:problem:");
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asText()).isNotBlank();
        // Nothing from the inside may leak into an answer.
        assertThat(response.asString()).doesNotContain("java.", "dev.batchtracker", "Exception", "\tat ");
        return body;
    }

    /** A 400 that names the offending field. */
    public static JsonNode assertInvalid(Response response, String field) {
        JsonNode body = assertProblem(response, 400);
        assertThat(body.path("field").asText()).as("field of %s", body).isEqualTo(field);
        return body;
    }
}
