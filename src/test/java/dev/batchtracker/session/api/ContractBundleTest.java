package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContractBundleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "urn:example:doc",
             "type": "object", "properties": {"at": {"$ref": "#/$defs/time"}, "self": {"$ref": "#"}},
             "$defs": {"time": {"type": "string", "format": "date-time"}}}""";

    @Test
    void aSchemaFromAnotherFileTakesThePlaceOfItsReferenceWithItsOwnReferencesRebased() throws Exception {
        ObjectNode contract = (ObjectNode) JSON.readTree("""
                {"openapi": "3.1.0", "paths": {"/x": {"get": {"responses": {"200": {"description": "ok",
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Doc"}}}}}}}},
                 "components": {"schemas": {"Doc": {"$ref": "../data/doc.json"}, "Other": {"type": "string"}}}}""");

        ObjectNode bundled = ContractBundle.bundle(contract, files(Map.of("../data/doc.json", SCHEMA)));

        JsonNode doc = bundled.at("/components/schemas/Doc");
        assertThat(doc.has("$id")).isFalse();
        assertThat(doc.at("/properties/at/$ref").asText()).isEqualTo("#/components/schemas/Doc/$defs/time");
        assertThat(doc.at("/properties/self/$ref").asText()).isEqualTo("#/components/schemas/Doc");
        assertThat(doc.at("/$defs/time")).isEqualTo(JSON.readTree(SCHEMA).at("/$defs/time"));
        assertThat(bundled.at("/paths/~1x/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/Doc");
        assertThat(bundled.at("/components/schemas/Other")).isEqualTo(contract.at("/components/schemas/Other"));
        assertThat(contract.at("/components/schemas/Doc/$ref").asText()).as("the input is left as it was")
                .isEqualTo("../data/doc.json");
    }

    @Test
    void aReferenceToAnotherFileAnywhereElseIsRefused() throws Exception {
        ObjectNode contract = (ObjectNode) JSON.readTree("""
                {"openapi": "3.1.0", "paths": {"/x": {"get": {"responses": {"200": {"description": "ok",
                  "content": {"application/json": {"schema": {"$ref": "../data/doc.json"}}}}}}}}}""");

        assertThatThrownBy(() -> ContractBundle.bundle(contract, files(Map.of("../data/doc.json", SCHEMA))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("../data/doc.json at #/paths//x/get/responses/200");
    }

    private static java.util.function.Function<String, JsonNode> files(Map<String, String> files) {
        return ref -> {
            try {
                return JSON.readTree(files.get(ref));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
