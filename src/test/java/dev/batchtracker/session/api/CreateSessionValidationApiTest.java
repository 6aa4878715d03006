package dev.batchtracker.session.api;

import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.batchtracker.testing.ProblemAssert.assertInvalid;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Every malformed create body is a 400 that names the field; none creates a session or answers 500. */
@QuarkusTest
class CreateSessionValidationApiTest {

    static Stream<Arguments> badBodies() {
        String longPath = "p".repeat(1025);
        String longNode = "n".repeat(257);
        String bigMetadata = "{\"blob\":\"" + "m".repeat(16 * 1024) + "\"}";
        return Stream.of(
                arguments("{\"node_count\":1}", "canvas_path"),
                arguments("{\"canvas_path\":\"\",\"node_count\":1}", "canvas_path"),
                arguments("{\"canvas_path\":\"   \",\"node_count\":1}", "canvas_path"),
                arguments("{\"canvas_path\":\"" + longPath + "\",\"node_count\":1}", "canvas_path"),
                arguments("{\"canvas_path\":5,\"node_count\":1}", "canvas_path"),
                arguments("{\"canvas_path\":null,\"node_count\":1}", "canvas_path"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":-1}", "node_count"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":\"3\"}", "node_count"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":2.5}", "node_count"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":true}", "node_count"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":99999999999}", "node_count"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":[1]}", "metadata"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":\"text\"}", "metadata"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":7}", "metadata"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":" + bigMetadata + "}", "metadata"),
                arguments("{\"canvas_path\":\"c\",\"groups\":\"g\"}", "groups"),
                arguments("{\"canvas_path\":\"c\",\"groups\":[null]}", "groups[0]"),
                arguments("{\"canvas_path\":\"c\",\"groups\":[{\"node_ids\":[\"a\"]}]}", "groups[0].group_id"),
                arguments("{\"canvas_path\":\"c\",\"groups\":[{\"group_id\":\"g\"}]}", "groups[0].node_ids"),
                arguments("{\"canvas_path\":\"c\",\"groups\":[{\"group_id\":\"g\",\"node_ids\":[\"a\",\"\"]}]}",
                        "groups[0].node_ids[1]"),
                arguments("{\"canvas_path\":\"c\",\"groups\":[{\"group_id\":\"g\",\"node_ids\":[\"" + longNode
                        + "\"]}]}", "groups[0].node_ids[0]"),
                arguments("{\"canvas_path\":\"c\",\"groups\":[{\"group_id\":\"g\",\"node_ids\":[1]}]}",
                        "groups[0].node_ids[0]"),
                arguments("{\"canvas_path\":\"c\",\"node_count\":", "body"),
                arguments("not json at all", "body"),
                arguments("[]", "body"),
                arguments("\"a string\"", "body"),
                arguments("", "body"),
                arguments("{\"canvas_path\":\"a\",\"canvas_path\":\"b\",\"node_count\":1}", "body"));
    }

    @ParameterizedTest
    @MethodSource("badBodies")
    void aBadFieldIsA400NamingIt(String body, String field) {
        assertInvalid(Api.json().body(body).post(Api.SESSIONS), field);
    }

    @ParameterizedTest
    @MethodSource("badKeys")
    void aMalformedIdempotencyKeyIsA400(String key) {
        assertInvalid(Api.json().header("Idempotency-Key", key)
                .body("{\"canvas_path\":\"c\",\"node_count\":1}").post(Api.SESSIONS), "Idempotency-Key");
    }

    static Stream<String> badKeys() {
        return Stream.of("has space", "k".repeat(256), "caf\u00e9");
    }
}
