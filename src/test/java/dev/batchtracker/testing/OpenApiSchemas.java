package dev.batchtracker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schemas under {@code components.schemas} of {@code specs/api/parallel-api.openapi.yml} (OpenAPI 3.1, so they
 * are JSON Schema 2020-12), for asserting that real answers match the contract.
 */
public final class OpenApiSchemas {

    public static final Path FILE = Path.of("specs", "api", "parallel-api.openapi.yml");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG =
            SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenApiSchemas() {
    }

    /** @return the parsed answer, after asserting it matches {@code #/components/schemas/<component>} */
    public static JsonNode assertValid(String component, String json) {
        JsonNode answer;
        try {
            answer = JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
        assertThat(schema(component).validate(answer)).as("%s violations of %s", component, json).isEmpty();
        return answer;
    }

    private static JsonSchema schema(String component) {
        return SCHEMAS.computeIfAbsent(component, name -> FACTORY.getSchema(
                SchemaLocation.of(FILE.toAbsolutePath().toUri() + "#/components/schemas/" + name), CONFIG));
    }
}
