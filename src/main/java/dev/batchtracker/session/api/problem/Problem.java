package dev.batchtracker.session.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One RFC 9457 problem answer under construction: the four standard members, extras such as {@code field} or
 * {@code current_status}, and response headers such as Retry-After. Rendered to text here, with the service's
 * mapper, so the answer is {@code application/problem+json} whatever the request asked to accept.
 */
public final class Problem {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Problem types are URNs: stable identifiers, not links to pages that would have to exist. */
    static final String TYPE_PREFIX = "urn:batch-tracker:problem:";

    private final int status;
    private final Map<String, Object> body = new LinkedHashMap<>();
    private final Map<String, Object> headers = new LinkedHashMap<>();

    private Problem(int status, String slug, String title, String detail) {
        this.status = status;
        body.put("type", TYPE_PREFIX + slug);
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
    }

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(status, slug, title, detail);
    }

    /** Adds an extension member; null values are left out. */
    public Problem with(String member, Object value) {
        if (value != null) {
            body.put(member, value);
        }
        return this;
    }

    public Problem header(String name, Object value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return java.util.Collections.unmodifiableMap(body);
    }

    public Response toResponse(ObjectMapper mapper) {
        Response.ResponseBuilder builder = Response.status(status).type(MEDIA_TYPE).entity(json(mapper));
        headers.forEach(builder::header);
        return builder.build();
    }

    /** The problem document as JSON text. */
    public String json(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // Only strings, numbers and lists of strings go in; this cannot happen, but never answer without a body.
            return "{\"type\":\"" + TYPE_PREFIX + "internal-error\",\"title\":\"Internal Server Error\",\"status\":"
                    + status + "}";
        }
    }
}
