package dev.batchtracker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract file {@code specs/data/parallel-task.schema.json}, for asserting that what the API returned is a
 * valid status document. Formats (uuid, date-time) are asserted, not just annotated.
 */
public final class StatusDocumentSchema {

    public static final Path FILE = Path.of("specs", "data", "parallel-task.schema.json");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA = load();

    private StatusDocumentSchema() {
    }

    /** @return the parsed document, after asserting it is valid */
    public static JsonNode assertValid(String json) {
        try {
            return assertValid(JSON.readTree(json));
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    public static JsonNode assertValid(JsonNode document) {
        assertThat(violations(document)).as("schema violations of %s", document).isEmpty();
        return document;
    }

    /** Asserts every item of a page ({@code {"items": [...]}}) and returns the page. */
    public static JsonNode assertValidItems(String pageJson) {
        JsonNode page;
        try {
            page = JSON.readTree(pageJson);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + pageJson, e);
        }
        page.get("items").forEach(StatusDocumentSchema::assertValid);
        return page;
    }

    public static Set<ValidationMessage> violations(JsonNode document) {
        return SCHEMA.validate(document);
    }

    private static JsonSchema load() {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = Files.newInputStream(FILE)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in, config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
