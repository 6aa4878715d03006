package dev.batchtracker.session.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.api.problem.Problems;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Answers 401 to a protected request without the right bearer token, before its body is bound or the resource
 * runs. Path-based (see {@link ProtectedRequests}), so every resource under /api/v1, present or future, is covered.
 */
public class WriteTokenFilter {

    private final WriteToken token;
    private final ObjectMapper mapper;

    public WriteTokenFilter(WriteToken token, ObjectMapper mapper) {
        this.token = token;
        this.mapper = mapper;
    }

    @ServerRequestFilter
    public Response requireToken(ContainerRequestContext request) {
        if (!token.required()
                || !ProtectedRequests.needsToken(request.getMethod(), request.getUriInfo().getPath())) {
            return null;
        }
        return switch (token.check(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            case ALLOWED -> null;
            case MISSING -> Problems.unauthorized("This request needs an Authorization: Bearer token",
                    "Bearer realm=\"batch-tracker\"").toResponse(mapper);
            case INVALID -> Problems.unauthorized("The bearer token is not valid",
                    "Bearer realm=\"batch-tracker\", error=\"invalid_token\"").toResponse(mapper);
        };
    }
}
