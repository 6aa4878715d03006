package dev.batchtracker.session.api.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.time.temporal.Temporal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Turns Jackson's parse and binding failures into 400 problems that name the field in wire terms. Jackson's own
 * messages name Java types, so they are never passed on.
 */
final class JsonProblems {

    static final String BODY = "body";

    private JsonProblems() {
    }

    static Problem of(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException) {
            return Problems.invalid(BODY, "The request body exceeds the JSON parser's limits (nesting depth,"
                    + " number or string length)");
        }
        if (e instanceof InputCoercionException coercion) {
            // A number too large for its field: the parser knows where it was, the binding layer never saw it.
            String field = fieldAt(coercion.getProcessor());
            return Problems.invalid(field, (field.equals(BODY) ? "A number" : field) + " is out of range");
        }
        if (e instanceof StreamReadException) {
            return Problems.invalid(BODY, "The request body is not valid JSON" + where(e.getLocation()));
        }
        if (e instanceof DatabindException binding) {
            String field = fieldOf(((JsonMappingException) binding).getPath());
            if (field.isEmpty()) {
                return Problems.invalid(BODY, "The request body must be a JSON object");
            }
            String expected = e instanceof MismatchedInputException mismatch
                    ? expected(mismatch.getTargetType())
                    : "a valid value";
            return Problems.invalid(field, field + " must be " + expected);
        }
        return Problems.invalid(BODY, "The request body could not be read");
    }

    /** Jackson's path in wire terms: {@code groups[0].node_ids[2]}. Its field names are already JSON names. */
    static String fieldOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static String fieldAt(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return BODY;
        }
        StringBuilder field = new StringBuilder();
        for (String segment : parser.getParsingContext().pathAsPointer().toString().split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.chars().allMatch(Character::isDigit) && !field.isEmpty()) {
                field.append('[').append(segment).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(segment.replace("~1", "/").replace("~0", "~"));
            }
        }
        return field.isEmpty() ? BODY : field.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 timestamp such as 2025-01-31T12:00:00Z";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()
                || com.fasterxml.jackson.databind.node.ObjectNode.class.isAssignableFrom(type)) {
            return "an object";
        }
        return "a valid value";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
