package dev.batchtracker.contract;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** /q/openapi serves the contract file itself, byte for byte. */
@QuarkusTest
class ContractResourceTest {

    @Test
    void servesTheContractFileAsItIs() throws IOException {
        Response response = given().get("/q/openapi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/yaml");
        assertThat(response.asByteArray()).isEqualTo(Files.readAllBytes(OpenApiCoverageTest.SPEC));
    }
}
