package dev.batchtracker.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.testing.NodeTools;
import dev.batchtracker.testing.NodeTools.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract as standard tools that no one here wrote see it: Redocly CLI's lint (recommended ruleset,
 * {@code src/test/node/redocly.yaml}), swagger-parser's validate, and ajv's check of the status schema against the
 * draft 2020-12 meta-schema; the first two also on what {@code /q/openapi} serves. Each tool also rejects a fixture
 * broken the way the contract once was, so a pass means something. The tools are the npm packages pinned in
 * {@code src/test/node} ({@link NodeTools}).
 */
class ContractToolsTest {

    private static final Path CONTRACT = Path.of("specs", "api", "parallel-api.openapi.yml").toAbsolutePath();
    private static final Path SCHEMA = Path.of("specs", "data", "parallel-task.schema.json").toAbsolutePath();
    /** What /q/openapi serves, as the build wrote it (ContractBundle). */
    private static final Path SERVED = Path.of("target", "classes", "contract").toAbsolutePath();
    private static final Path FIXTURES = Path.of("src", "test", "resources", "contract-tools").toAbsolutePath();
    private static final Duration BOUND = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private NodeTools node;

    @BeforeEach
    void tools() {
        node = NodeTools.require();
    }

    @Test
    void redoclyLintFindsNoErrorAndNoWarning() throws IOException {
        JsonNode report = redoclyLint(CONTRACT);

        assertThat(problems(report)).as("Redocly lint problems in " + CONTRACT).isEmpty();
        assertThat(report.path("totals").path("errors").asInt(-1)).isZero();
        assertThat(report.path("totals").path("warnings").asInt(-1)).isZero();
    }

    @Test
    void redoclyLintRejectsAFlowMappingWithUnquotedCommas() throws IOException {
        JsonNode report = redoclyLint(FIXTURES.resolve("broken.openapi.yml"));

        assertThat(problems(report)).contains(
                "error struct #/components/schemas/CleanupReport/properties/cleaned/or for a dry run",
                "warn info-license-strict #/info/license");
    }

    @ParameterizedTest
    @ValueSource(strings = {"openapi.yaml", "openapi.json"})
    void theServedContractPassesRedoclyAndSwaggerParserToo(String file) throws IOException {
        Path served = SERVED.resolve(file);

        assertThat(problems(redoclyLint(served))).as("Redocly lint problems in " + served).isEmpty();
        Result result = node.node("validate-openapi.mjs", BOUND, Map.of(), served.toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void swaggerParserValidatesTheContract() {
        Result result = node.node("validate-openapi.mjs", BOUND, Map.of(), CONTRACT.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("valid (Batch session tracker");
    }

    @Test
    void swaggerParserRejectsALicenseWithNeitherIdentifierNorUrl() {
        Result result = node.node("validate-openapi.mjs", BOUND, Map.of(),
                FIXTURES.resolve("broken.openapi.yml").toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(1);
        assertThat(result.stderr()).contains("#/info/license must have required property 'identifier'");
    }

    @Test
    void statusSchemaPassesTheDraft2020MetaSchema() {
        Result result = ajvCompile(SCHEMA);

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.stdout()).contains("is valid");
    }

    @Test
    void ajvRejectsASchemaTheMetaSchemaDoesNotAllow() {
        Result result = ajvCompile(FIXTURES.resolve("broken.schema.json"));

        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output()).contains("is invalid");
    }

    private JsonNode redoclyLint(Path file) throws IOException {
        // Exit code 1 means errors were found: the report says which, so read it either way.
        Result result = node.bin("redocly", BOUND, "lint", "--format=json", file.toString());
        assertThat(result.exitCode()).as(result.output()).isIn(0, 1);
        return JSON.readTree(result.stdout());
    }

    /** Each problem as "severity ruleId pointer". */
    private static List<String> problems(JsonNode report) {
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : report.path("problems")) {
            problems.add(problem.path("severity").asText() + " " + problem.path("ruleId").asText() + " "
                    + problem.path("location").path(0).path("pointer").asText());
        }
        return problems;
    }

    /** ajv-cli compiles the schema as draft 2020-12: a schema the meta-schema rejects does not compile. */
    private Result ajvCompile(Path schema) {
        return node.bin("ajv", BOUND, "compile", "--spec=draft2020", "-c", "ajv-formats", "-s", schema.toString());
    }
}
