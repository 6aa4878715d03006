package dev.batchtracker.session.api;

import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every malformed node report is a 400 that names the field, and changes nothing. */
@QuarkusTest
class NodeReportValidationApiTest {

    static Stream<Arguments> badReports() {
        String bigResult = "\"" + "r".repeat(64 * 1024) + "\"";
        return Stream.of(
                arguments("{}", "status"),
                arguments("{\"status\":null}", "status"),
                arguments("{\"status\":\"done\"}", "status"),
                arguments("{\"status\":\"pending\"}", "status"),
                arguments("{\"status\":\"Completed\"}", "status"),
                arguments("{\"status\":1}", "status"),
                arguments("{\"status\":\"completed\",\"result\":" + bigResult + "}", "result"),
                arguments("{\"status\":\"failed\",\"error\":\"" + "e".repeat(4097) + "\"}", "error"),
                arguments("{\"status\":\"failed\",\"error\":{\"msg\":\"x\"}}", "error"),
                arguments("{\"status\":\"running\",\"started_at\":\"yesterday\"}", "started_at"),
                arguments("{\"status\":\"completed\",\"finished_at\":true}", "finished_at"),
                arguments("{\"status\":\"completed\",\"started_at\":\"2025-01-31T12:00:05Z\","
                        + "\"finished_at\":\"2025-01-31T12:00:00Z\"}", "finished_at"),
                arguments("{\"status\":", "body"),
                arguments("", "body"));
    }

    @ParameterizedTest
    @MethodSource("badReports")
    void aBadFieldIsA400NamingIt(String body, String field) {
        String id = Api.runningSession(3);
        assertInvalid(Api.json().body(body).put(Api.SESSIONS + "/{id}/nodes/n1", id), field);
    }

    @Test
    void aNodeIdAbove256CharactersIs400() {
        String id = Api.runningSession(3);
        assertInvalid(Api.json().body("{\"status\":\"running\"}")
                .put(Api.SESSIONS + "/{id}/nodes/{node}", id, "n".repeat(257)), "node_id");
        Api.reportNode(id, "n".repeat(256), "running");
    }

    @Test
    void aResultOfExactly64KibIsAccepted() {
        String id = Api.runningSession(1);
        // The quotes count: the stored JSON text is exactly 65536 bytes.
        String result = "\"" + "r".repeat(64 * 1024 - 2) + "\"";
        Api.ok(Api.json().body("{\"status\":\"completed\",\"result\":" + result + "}")
                .put(Api.SESSIONS + "/{id}/nodes/n1", id));
    }
}
