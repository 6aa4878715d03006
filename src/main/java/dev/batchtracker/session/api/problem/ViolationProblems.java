package dev.batchtracker.session.api.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Bean Validation failures as a 400 problem: {@code field} names the first failing field in wire terms
 * ({@code groups[0].node_ids[1]}), {@code errors} lists them all. Resource parameters that carry the request
 * body are named {@code body}, so a missing body reads as {@code field: "body"}.
 */
final class ViolationProblems {

    private ViolationProblems() {
    }

    static Problem of(Set<? extends ConstraintViolation<?>> violations) {
        List<Map<String, String>> errors = violations.stream()
                .map(v -> {
                    Map<String, String> error = new LinkedHashMap<>();
                    error.put("field", fieldOf(v.getPropertyPath()));
                    error.put("message", v.getMessage());
                    return error;
                })
                .sorted(Comparator.comparing((Map<String, String> e) -> e.get("field"))
                        .thenComparing(e -> e.get("message")))
                .distinct()
                .toList();
        if (errors.isEmpty()) {
            return Problems.invalid(null, "The request is invalid");
        }
        Map<String, String> first = errors.get(0);
        return Problems.invalid(first.get("field"), first.get("field") + " " + first.get("message"))
                .with("errors", errors);
    }

    /** Skips the method node and any parameter node that is followed by its properties. */
    static String fieldOf(Path path) {
        List<Path.Node> nodes = new java.util.ArrayList<>();
        path.forEach(nodes::add);
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            ElementKind kind = node.getKind();
            if (kind == ElementKind.METHOD || kind == ElementKind.CONSTRUCTOR
                    || kind == ElementKind.RETURN_VALUE || kind == ElementKind.CROSS_PARAMETER) {
                continue;
            }
            if (kind == ElementKind.PARAMETER && i < nodes.size() - 1) {
                continue;
            }
            if (node.isInIterable()) {
                Object at = node.getIndex() != null ? node.getIndex() : node.getKey();
                field.append('[').append(at == null ? "" : at).append(']');
            }
            if (kind != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(snakeCase(node.getName()));
            }
        }
        return field.isEmpty() ? JsonProblems.BODY : field.toString();
    }

    static String snakeCase(String javaName) {
        StringBuilder out = new StringBuilder(javaName.length() + 4);
        for (int i = 0; i < javaName.length(); i++) {
            char c = javaName.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
