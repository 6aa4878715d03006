package dev.batchtracker.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract file documents exactly the API the service serves: every resource method under /api/ of the
 * compiled service (every {@code @Path} class in {@code target/classes}) is in
 * {@code specs/api/parallel-api.openapi.yml}, and everything the file documents exists.
 */
class OpenApiCoverageTest {

    static final Path SPEC = Path.of("specs", "api", "parallel-api.openapi.yml");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final Path CLASSES = Path.of("target", "classes");
    private static final List<Class<? extends Annotation>> HTTP_METHODS =
            List.of(GET.class, PUT.class, POST.class, DELETE.class, PATCH.class, HEAD.class, OPTIONS.class);

    @Test
    void everyServedEndpointIsDocumented() throws IOException {
        Set<String> served = served();
        Set<String> documented = endpoints(documented());

        assertThat(served).as("endpoints the service has").contains("PUT /api/v1/parallel/sessions/{}/nodes/{}");
        assertThat(documented).as("endpoints served but missing from " + SPEC).containsAll(served);
    }

    @Test
    void everyDocumentedEndpointIsServed() throws IOException {
        Set<String> served = served();
        Set<String> documented = endpoints(documented());

        assertThat(served).as("endpoints in " + SPEC + " that the service does not have").containsAll(documented);
    }

    @Test
    void theContractIsOpenApi3() throws IOException {
        JsonNode spec = documented();
        assertThat(spec.path("openapi").asText()).startsWith("3.");
        assertThat(spec.path("paths").size()).isPositive();
    }

    /** "METHOD /path/{}" for every resource method of the compiled service whose path is under /api/. */
    static Set<String> served() throws IOException {
        Set<String> endpoints = new TreeSet<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, OpenApiCoverageTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new AssertionError("cannot load " + name, e);
                }
                jakarta.ws.rs.Path root = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (root == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    for (Class<? extends Annotation> http : HTTP_METHODS) {
                        if (method.isAnnotationPresent(http)) {
                            jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                            String path = template(root.value() + (sub == null ? "" : "/" + sub.value()));
                            if (path.startsWith("/api/")) {
                                endpoints.add(http.getSimpleName() + " " + path);
                            }
                        }
                    }
                }
            }
        }
        return endpoints;
    }

    private static String template(String path) {
        return path.replaceAll("/+", "/").replaceAll("\\{[^}]+}", "{}").replaceAll("/$", "");
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
            String template = template(path.getKey());
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    endpoints.add(method.toUpperCase(Locale.ROOT) + " " + template);
                }
            });
        }
        return endpoints;
    }
}
