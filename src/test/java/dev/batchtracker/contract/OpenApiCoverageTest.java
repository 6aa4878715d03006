package dev.batchtracker.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract file documents exactly the API the service serves: every path and method in the OpenAPI document
 * that smallrye-openapi generates from the running service's resources is in
 * {@code specs/api/parallel-api.openapi.yml}, and everything the file documents exists.
 */
@QuarkusTest
class OpenApiCoverageTest {

    static final Path SPEC = Path.of("specs", "api", "parallel-api.openapi.yml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @Test
    void everyServedEndpointIsDocumented() throws IOException {
        Set<String> served = endpoints(served());
        Set<String> documented = endpoints(documented());

        assertThat(served).as("endpoints the service has").isNotEmpty();
        assertThat(documented).as("endpoints served but missing from " + SPEC).containsAll(served);
    }

    @Test
    void everyDocumentedEndpointIsServed() throws IOException {
        Set<String> served = endpoints(served());
        Set<String> documented = endpoints(documented());

        assertThat(served).as("endpoints in " + SPEC + " that the service does not have").containsAll(documented);
    }

    @Test
    void theContractIsOpenApi3() throws IOException {
        JsonNode spec = documented();
        assertThat(spec.path("openapi").asText()).startsWith("3.");
        assertThat(spec.path("paths").size()).isPositive();
    }

    private static JsonNode served() throws IOException {
        String json = given().accept("application/json").queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        return new ObjectMapper().readTree(json);
    }

    private static JsonNode documented() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile());
    }

    /** "METHOD /path/{}" for every operation under /api/ (template names do not matter, their places do). */
    static Set<String> endpoints(JsonNode openApi) {
        Set<String> endpoints = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").properties().iterator();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            if (!path.getKey().startsWith("/api/")) {
                continue;
            }
            String template = path.getKey().replaceAll("\\{[^}]+}", "{}").replaceAll("/$", "");
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    endpoints.add(method.toUpperCase(Locale.ROOT) + " " + template);
                }
            });
        }
        return endpoints;
    }
}
