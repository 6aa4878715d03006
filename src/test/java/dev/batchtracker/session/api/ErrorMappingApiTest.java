package dev.batchtracker.session.api;

import dev.batchtracker.testing.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** HTTP-level failures (routing, methods, media types) are problem documents like every other error. */
@QuarkusTest
class ErrorMappingApiTest {

    @Test
    void anUnknownPathIs404() {
        assertProblem(given().get("/api/v1/parallel/nothing-here"), 404);
        assertProblem(given().get(Api.SESSIONS + "/x/y/z"), 404);
    }

    @Test
    void aWrongMethodIs405() {
        Response response = given().put(Api.SESSIONS);
        assertProblem(response, 405);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD, OPTIONS, POST");
    }

    @Test
    void optionsAndHeadAreServedWhereTheAllowHeaderSaysSo() {
        assertThat(given().options(Api.SESSIONS).statusCode()).isLessThan(300);
        assertThat(given().head(Api.SESSIONS).statusCode()).isEqualTo(200);
        assertThat(given().options(Api.SESSIONS + "/{id}/transitions", Api.createSession(1)).statusCode())
                .isLessThan(300);
    }

    @Test
    void anUnsupportedBodyTypeIs415() {
        assertProblem(given().contentType(ContentType.TEXT).body("canvas_path=x").post(Api.SESSIONS), 415);
        assertProblem(given().contentType(ContentType.XML).body("<to>running</to>")
                .post(Api.SESSIONS + "/{id}/transitions", Api.createSession(1)), 415);
    }

    @Test
    void anUnacceptableAcceptIs406() {
        // The list's path also has an event-stream method (the feed): an XML client must not be handed a stream.
        assertProblem(given().accept(ContentType.XML).get(Api.SESSIONS), 406);
    }

    @Test
    void problemsAreServedWhateverTheClientAccepts() {
        // A JSON-only client still gets the problem body it can parse.
        Response response = given().accept(ContentType.JSON).get(Api.STATUS, "33333333-3333-4333-8333-333333333333");
        assertProblem(response, 404);
        assertThat(response.asString()).contains("\"status\":404");
    }
}
