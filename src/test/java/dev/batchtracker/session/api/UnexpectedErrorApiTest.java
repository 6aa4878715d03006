package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.batchtracker.testing.ProblemAssert.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A bug answers a bare 500 problem with an error id to find it in the log: no class name, message or trace. */
@QuarkusTest
@TestProfile(FailingResourceProfile.class)
class UnexpectedErrorApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"state", "npe"})
    void anUnexpectedFailureIsABare500Problem(String kind) {
        Response response = given().get("/api/v1/test-only/failure/" + kind);

        JsonNode problem = assertProblem(response, 500);
        assertThat(problem.get("type").asText()).endsWith(":internal-error");
        assertThat(problem.get("error_id").asText()).hasSize(36);
        assertThat(response.asString()).doesNotContain("Secret", "line 42", "IllegalState", "NullPointer");
    }
}
