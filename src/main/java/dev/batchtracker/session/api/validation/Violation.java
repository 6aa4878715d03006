package dev.batchtracker.session.api.validation;

/** One broken rule of a request, in wire terms: {@code field} is a path such as {@code groups[0].node_ids[1]}. */
public record Violation(String field, String message) {
}
