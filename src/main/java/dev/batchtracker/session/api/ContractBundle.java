package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns the hand-written contract ({@code specs/api/parallel-api.openapi.yml}) into the one self-contained document
 * that {@code /q/openapi} serves, as YAML and as JSON. It runs at build time ({@code process-classes}, see pom.xml),
 * never in the service: the service serves the two files it writes.
 * <p>
 * The contract takes the status document's schema from a file of its own ({@code $ref: '../data/...json'}). A client
 * that reads {@code /q/openapi} (Swagger UI, a client generator) cannot follow that path, so the schema is put in
 * place of the reference. Its own references ({@code #/$defs/...}) are rewritten to point into its new place, and its
 * {@code $id} dropped, since by that id a reader would look for them in the schema file again. Nothing else changes.
 */
public final class ContractBundle {

    public static final String YAML_FILE = "openapi.yaml";
    public static final String JSON_FILE = "openapi.json";
    private static final String SCHEMAS = "/components/schemas";

    private ContractBundle() {
    }

    /**
     * The contract with every schema taken from another file put in its place.
     *
     * @param files reads a file by the path a {@code $ref} gives, relative to the contract
     * @throws IllegalStateException for a reference to another file anywhere but as a whole entry of
     *                               {@code components/schemas}
     */
    public static ObjectNode bundle(ObjectNode contract, Function<String, JsonNode> files) {
        ObjectNode bundled = contract.deepCopy();
        JsonNode schemas = bundled.at(SCHEMAS);
        if (schemas instanceof ObjectNode entries) {
            for (Map.Entry<String, JsonNode> entry : entries.properties()) {
                String ref = fileRef(entry.getValue());
                if (ref != null) {
                    String pointer = SCHEMAS + "/" + entry.getKey();
                    ObjectNode schema = (ObjectNode) files.apply(ref).deepCopy();
                    schema.remove("$id");
                    rebase(schema, pointer);
                    entry.setValue(schema);
                }
            }
        }
        requireNoFileRef(bundled, "#");
        return bundled;
    }

    /** The target of a reference to another file ({@code {$ref: 'other.json'}}), or null. */
    private static String fileRef(JsonNode node) {
        JsonNode ref = node.get("$ref");
        return ref != null && ref.isTextual() && !ref.asText().startsWith("#") ? ref.asText() : null;
    }

    /** Points the schema's own references ({@code #...}) at the place it now has in the contract. */
    private static void rebase(JsonNode node, String pointer) {
        if (node instanceof ObjectNode object) {
            JsonNode ref = object.get("$ref");
            if (ref != null && ref.isTextual() && ref.asText().startsWith("#")) {
                object.set("$ref", TextNode.valueOf("#" + pointer + ref.asText().substring(1)));
            }
        }
        node.forEach(child -> rebase(child, pointer));
    }

    private static void requireNoFileRef(JsonNode node, String where) {
        if (node.isObject() && fileRef(node) != null) {
            throw new IllegalStateException("the contract refers to " + fileRef(node) + " at " + where
                    + ": only a whole entry of components/schemas may be taken from another file");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> child : node.properties()) {
                requireNoFileRef(child.getValue(), where + "/" + child.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                requireNoFileRef(node.get(i), where + "/" + i);
            }
        }
    }

    /** The YAML the service serves: block style, multi-line text as literal blocks, quotes only where needed. */
    public static YAMLMapper yaml() {
        return new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                .disable(YAMLGenerator.Feature.SPLIT_LINES)
                .build());
    }

    /**
     * Build step: {@code ContractBundle <contract.yml> <output folder>} writes {@value #YAML_FILE} and
     * {@value #JSON_FILE} into the output folder.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: ContractBundle <contract.yml> <output folder>");
        }
        Path contractFile = Path.of(args[0]);
        Path output = Files.createDirectories(Path.of(args[1]));
        YAMLMapper yaml = yaml();
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode contract = (ObjectNode) yaml.readTree(contractFile.toFile());
        ObjectNode bundled = bundle(contract, ref -> {
            Path file = contractFile.toAbsolutePath().getParent().resolve(ref).normalize();
            try {
                return (ref.endsWith(".json") ? json : yaml).readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + " (referred to as " + ref + ")", e);
            }
        });
        yaml.writeValue(output.resolve(YAML_FILE).toFile(), bundled);
        json.writeValue(output.resolve(JSON_FILE).toFile(), bundled);
    }
}
