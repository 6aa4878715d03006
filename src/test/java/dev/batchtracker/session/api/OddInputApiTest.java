package dev.batchtracker.session.api;

import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Function;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** No client input produces a 500: odd bodies, parameters, headers and paths all get a 4xx problem. */
@QuarkusTest
class OddInputApiTest {

    private static String deep(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static Stream<Arguments> oddRequests() {
        String id = "55555555-5555-4555-8555-555555555555";
        return Stream.of(
                arguments("nesting beyond the parser's depth", (Function<RequestSpecification, Response>) r -> r
                        .body("{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":{\"x\":" + deep(5000) + "}}")
                        .post(Api.SESSIONS)),
                arguments("duplicate key inside metadata", (Function<RequestSpecification, Response>) r -> r
                        .body("{\"canvas_path\":\"c\",\"node_count\":1,\"metadata\":{\"x\":1,\"x\":2}}")
                        .post(Api.SESSIONS)),
                arguments("a huge number", (Function<RequestSpecification, Response>) r -> r
                        .body("{\"canvas_path\":\"c\",\"node_count\":1" + "0".repeat(2000) + "}").post(Api.SESSIONS)),
                arguments("a number too long for a long", (Function<RequestSpecification, Response>) r -> r
                        .queryParam("limit", "99999999999999999999").get(Api.SESSIONS)),
                arguments("wait_for_version too long", (Function<RequestSpecification, Response>) r -> r
                        .queryParam("wait_for_version", "99999999999999999999").get(Api.STATUS, id)),
                arguments("an absurd timeout", (Function<RequestSpecification, Response>) r -> r
                        .queryParam("wait_for_version", "1").queryParam("timeout", "999999999m").get(Api.STATUS, id)),
                arguments("a long garbage cursor", (Function<RequestSpecification, Response>) r -> r
                        .queryParam("cursor", "QUJD".repeat(500)).get(Api.SESSIONS)),
                arguments("a body on heartbeat", (Function<RequestSpecification, Response>) r -> r
                        .body("{\"x\":1}").post(Api.SESSIONS + "/{id}/heartbeat", id)),
                arguments("an encoded slash in the id", (Function<RequestSpecification, Response>) r -> r
                        .urlEncodingEnabled(false).get("/api/v1/parallel/status/a%2Fb")),
                arguments("a NUL in the node id", (Function<RequestSpecification, Response>) r -> r
                        .urlEncodingEnabled(false).body("{\"status\":\"running\"}")
                        .put(Api.SESSIONS + "/" + id + "/nodes/%00")),
                arguments("an invalid UTF-8 body", (Function<RequestSpecification, Response>) r -> r
                        .body(new byte[] {'{', '"', 'c', 'a', 'n', 'v', 'a', 's', '_', 'p', 'a', 't', 'h', '"', ':',
                                '"', (byte) 0xC3, (byte) 0x28, '"', '}'}).post(Api.SESSIONS)),
                arguments("JSON null as the body", (Function<RequestSpecification, Response>) r -> r
                        .body("null").post(Api.SESSIONS)),
                arguments("a progress object", (Function<RequestSpecification, Response>) r -> r
                        .body("{\"progress_percent\":{\"v\":1}}").post(Api.SESSIONS + "/{id}/progress", id)),
                arguments("groups as an object", (Function<RequestSpecification, Response>) r -> r
                        .body("{\"canvas_path\":\"c\",\"groups\":{\"g\":[\"a\"]}}").post(Api.SESSIONS)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oddRequests")
    void answersA4xxProblem(String what, Function<RequestSpecification, Response> request) {
        Response response = request.apply(Api.json());

        assertThat(response.statusCode()).as("%s: %s", what, response.asString()).isBetween(400, 499);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.asString()).doesNotContain("Exception", "dev.batchtracker", "\tat ");
    }

    @Test
    void aNulInANodeIdIsJustAnotherNodeId() {
        String id = Api.runningSession(1);
        Response response = Api.json().urlEncodingEnabled(false).body("{\"status\":\"running\"}")
                .put(Api.SESSIONS + "/" + id + "/nodes/%00");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(given().get(Api.SESSIONS + "/{id}/nodes", id).jsonPath().getString("items[0].node_id"))
                .isEqualTo("\u0000");
    }
}
