package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** Bodies above 1 MiB are refused with a 413 problem before they are read. */
@QuarkusTest
class BodyLimitApiTest {

    private static final int MIB = 1024 * 1024;

    @Test
    void aCreateBodyAbove1MibIs413() {
        String body = "{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":{\"x\":\"" + "m".repeat(MIB) + "\"}}";

        JsonNode problem = assertProblem(Api.json().body(body).post(Api.SESSIONS), 413);

        assertThat(problem.get("max_body_bytes").asLong()).isEqualTo(MIB);
    }

    @Test
    void aNodeReportAbove1MibIs413() {
        String id = Api.runningSession(1);
        String body = "{\"status\":\"completed\",\"result\":\"" + "r".repeat(MIB + 1) + "\"}";

        assertProblem(Api.json().body(body).put(Api.SESSIONS + "/{id}/nodes/a", id), 413);
    }

    @Test
    void aChunkedBodyAbove1MibIsCutOffWith413() throws Exception {
        // No Content-Length: the limit is found while reading, and the HTTP layer answers a bare 413 itself.
        byte[] body = ("{\"canvas_path\":\"" + "c".repeat(MIB + 10) + "\",\"node_count\":1}").getBytes();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + Api.SESSIONS))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void aBodyJustUnderTheLimitIsReadAndJudgedByItsFields() {
        // 1 MiB minus a little: not a 413, but its metadata is far above 16 KiB.
        String filler = "m".repeat(MIB - 100);
        String body = "{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":{\"x\":\"" + filler + "\"}}";

        assertInvalid(Api.json().body(body).post(Api.SESSIONS), "metadata");
    }
}
