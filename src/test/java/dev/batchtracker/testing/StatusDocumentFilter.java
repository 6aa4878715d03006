package dev.batchtracker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.io.IOException;

/**
 * Validates every status document any API test receives over rest-assured against
 * {@code specs/data/parallel-task.schema.json}: single documents and the items of session pages alike. Registered
 * for every {@code @QuarkusTest} by {@link StatusDocumentCheck}, so no test can receive an invalid one unnoticed.
 */
public final class StatusDocumentFilter implements Filter {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                           FilterContext context) {
        Response answer = context.next(request, response);
        String type = answer.contentType();
        if (type == null || !type.startsWith("application/json")) {
            return answer;
        }
        JsonNode body;
        try {
            body = JSON.readTree(answer.asByteArray());
        } catch (IOException e) {
            throw new AssertionError("an application/json answer that is not JSON: " + answer.asString(), e);
        }
        if (isStatusDocument(body)) {
            StatusDocumentSchema.assertValid(body);
        } else if (body != null && body.path("items").isArray()) {
            body.get("items").forEach(item -> {
                if (isStatusDocument(item)) {
                    StatusDocumentSchema.assertValid(item);
                }
            });
        }
        return answer;
    }

    private static boolean isStatusDocument(JsonNode node) {
        return node != null && node.isObject() && node.has("task_id") && node.has("canvas_path");
    }
}
