package dev.batchtracker.session.api.problem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The Allow table says what the contract says, for every documented path (GET implies HEAD; OPTIONS always). */
class AllowedMethodsTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void agreesWithTheOpenApiContract() throws IOException {
        JsonNode spec = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("specs", "api", "parallel-api.openapi.yml").toFile());
        int checked = 0;
        for (Map.Entry<String, JsonNode> path : spec.path("paths").properties()) {
            Set<String> expected = new TreeSet<>(Set.of("OPTIONS"));
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    expected.add(method.toUpperCase(Locale.ROOT));
                    if (method.equals("get")) {
                        expected.add("HEAD");
                    }
                }
            });
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "x1");

            assertThat(AllowedMethods.of(concrete)).as(path.getKey()).isPresent();
            Set<String> actual = Arrays.stream(AllowedMethods.of(concrete).get().split(","))
                    .map(String::trim).collect(Collectors.toCollection(TreeSet::new));
            assertThat(actual).as(path.getKey()).isEqualTo(expected);
            checked++;
        }
        assertThat(checked).isGreaterThanOrEqualTo(10);
    }

    @Test
    void unknownPathsHaveNoEntry() {
        assertThat(AllowedMethods.of("/api/v1/parallel/nothing")).isEmpty();
        assertThat(AllowedMethods.of("/api/v1/parallel/sessions/a/b/c/d")).isEmpty();
    }
}
