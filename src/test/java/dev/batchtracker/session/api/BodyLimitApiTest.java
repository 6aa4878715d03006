package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

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
    void aBodyJustUnderTheLimitIsReadAndJudgedByItsFields() {
        // 1 MiB minus a little: not a 413, but its metadata is far above 16 KiB.
        String filler = "m".repeat(MIB - 100);
        String body = "{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":{\"x\":\"" + filler + "\"}}";

        assertInvalid(Api.json().body(body).post(Api.SESSIONS), "metadata");
    }
}
