package dev.batchtracker.session.api.problem;

import dev.batchtracker.session.api.validation.Violation;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Field-rule failures as a 400 problem: {@code field} names the first failing field in wire terms
 * ({@code groups[0].node_ids[1]}), {@code errors} lists them all.
 */
final class ViolationProblems {

    private ViolationProblems() {
    }

    static Problem of(List<Violation> violations) {
        List<Map<String, String>> errors = violations.stream()
                .sorted(Comparator.comparing(Violation::field).thenComparing(Violation::message))
                .distinct()
                .map(v -> {
                    Map<String, String> error = new LinkedHashMap<>();
                    error.put("field", v.field());
                    error.put("message", v.message());
                    return error;
                })
                .toList();
        if (errors.isEmpty()) {
            return Problems.invalid(null, "The request is invalid");
        }
        Map<String, String> first = errors.get(0);
        return Problems.invalid(first.get("field"), first.get("field") + " " + first.get("message"))
                .with("errors", errors);
    }
}
