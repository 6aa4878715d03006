package dev.batchtracker.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * /q/openapi serves the contract file the way Quarkus serves its document: YAML by default, JSON on request, the
 * same content either way, self-contained (the status schema in place of its file reference).
 */
@QuarkusTest
class ContractResourceTest {

    private static final Path SCHEMA = Path.of("specs", "data", "parallel-task.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void yamlByDefault() throws IOException {
        Response response = given().header("Accept", "*/*").get("/q/openapi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/yaml");
        assertThat(response.header("Vary")).isEqualTo("Accept");
        assertIsTheContract(YAML.readTree(response.asByteArray()));
    }

    @Test
    void yamlWithoutAnAcceptHeader() throws IOException, InterruptedException {
        // RestAssured always sends an Accept header; the JDK's client sends none.
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + RestAssured.port + "/q/openapi")).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/yaml");
    }

    @Test
    void jsonForFormatJson() throws IOException {
        Response response = given().get("/q/openapi?format=json");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertIsTheContract(JSON.readTree(response.asByteArray()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json, application/yaml;q=0.5",
            "application/yaml;q=0.2, application/json"})
    void jsonWhenTheAcceptHeaderPrefersIt(String accept) throws IOException {
        Response response = given().header("Accept", accept).get("/q/openapi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertIsTheContract(JSON.readTree(response.asByteArray()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/yaml", "application/yaml, application/json;q=0.5", "text/yaml",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/plain"})
    void yamlWhenTheAcceptHeaderPrefersItOrNeither(String accept) {
        Response response = given().header("Accept", accept).get("/q/openapi");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/yaml");
    }

    @Test
    void theFormatParameterWinsOverTheAcceptHeader() {
        assertThat(given().header("Accept", "application/json").get("/q/openapi?format=yaml").contentType())
                .startsWith("application/yaml");
        assertThat(given().header("Accept", "application/yaml").get("/q/openapi?format=JSON").contentType())
                .startsWith("application/json");
    }

    @Test
    void yamlAndJsonCarryTheSameDocument() throws IOException {
        JsonNode yaml = YAML.readTree(given().get("/q/openapi?format=yaml").asByteArray());
        JsonNode json = JSON.readTree(given().get("/q/openapi?format=json").asByteArray());

        assertThat(json).isEqualTo(yaml);
    }

    /**
     * The contract file's content, except that the status schema stands where the file had a reference to it, and
     * every reference in it now resolves inside the document.
     */
    private static void assertIsTheContract(JsonNode served) throws IOException {
        ObjectNode file = (ObjectNode) YAML.readTree(OpenApiCoverageTest.SPEC.toFile());
        JsonNode schemaFile = JSON.readTree(SCHEMA.toFile());
        assertThat(file.at("/components/schemas/StatusDocument/$ref").asText())
                .isEqualTo("../data/parallel-task.schema.json");

        ObjectNode rest = ((ObjectNode) served).deepCopy();
        JsonNode status = ((ObjectNode) rest.at("/components/schemas")).remove("StatusDocument");
        ((ObjectNode) file.at("/components/schemas")).remove("StatusDocument");
        assertThat(rest).as("everything but the status schema, as the file has it").isEqualTo(file);

        assertThat(status.path("title")).isEqualTo(schemaFile.path("title"));
        assertThat(fieldNames(status.path("properties"))).isEqualTo(fieldNames(schemaFile.path("properties")));
        assertThat(status.path("required")).isEqualTo(schemaFile.path("required"));
        assertThat(fieldNames(status.path("$defs"))).isEqualTo(fieldNames(schemaFile.path("$defs")));
        assertThat(status.has("$id")).as("no $id that would send readers back to the schema file").isFalse();

        List<String> refs = new ArrayList<>();
        collectRefs(served, refs);
        assertThat(refs).contains("#/components/schemas/StatusDocument/$defs/timestamp");
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).as("a reference inside the document").startsWith("#/");
            assertThat(served.at(ref.substring(1)).isMissingNode()).as(ref + " resolves").isFalse();
        });
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("$ref") && field.getValue().isTextual()) {
                    refs.add(field.getValue().asText());
                } else {
                    collectRefs(field.getValue(), refs);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
