package dev.batchtracker.session.api.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.CapacityExceededException;
import dev.batchtracker.session.ConcurrentUpdateException;
import dev.batchtracker.session.ConflictException;
import dev.batchtracker.session.FeedResyncException;
import dev.batchtracker.session.IllegalTransitionException;
import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.SessionGoneException;
import dev.batchtracker.session.SessionNotFoundException;
import dev.batchtracker.session.StoreUnavailableException;
import dev.batchtracker.session.UnprocessableException;
import dev.batchtracker.session.api.validation.RequestViolationException;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/**
 * The one exception-to-problem layer: every failure that leaves a resource becomes {@code application/problem+json}.
 * Client mistakes are answered in wire terms; anything unexpected is logged with an id and answered as a bare 500,
 * never with a class name, message or stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ObjectMapper mapper;
    private final BatchConfig config;

    public ProblemMappers(ObjectMapper mapper, BatchConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    @ServerExceptionMapper
    public Response notFound(SessionNotFoundException e) {
        return Problems.notFound(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response gone(SessionGoneException e) {
        return Problems.gone(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response resync(FeedResyncException e) {
        return Problems.resync(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response illegalTransition(IllegalTransitionException e) {
        return Problems.illegalTransition(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return Problems.conflict(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response unprocessable(UnprocessableException e) {
        return Problems.unprocessable(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRequestException e) {
        return Problems.invalid(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response capacity(CapacityExceededException e) {
        // Capacity frees up when the cleanup job removes expired sessions, so its interval is the honest wait.
        return Problems.capacity(e, config.cleanup().interval()).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response contention(ConcurrentUpdateException e) {
        return Problems.contention(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response storeUnavailable(StoreUnavailableException e, Request request, UriInfo uri) {
        LOG.warnf(e, "store unavailable during %s %s", request.getMethod(), uri.getPath());
        return Problems.storeUnavailable(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response violations(RequestViolationException e) {
        return ViolationProblems.of(e.violations()).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, Request request, UriInfo uri) {
        if (e instanceof InvalidDefinitionException) {
            return unexpected(e, request, uri, null); // a type Jackson cannot bind: our bug, not the client's
        }
        return JsonProblems.of(e).toResponse(mapper);
    }

    /** Quarkus has a built-in mapper for this exact type; ours must be the one that answers. */
    @ServerExceptionMapper(priority = Priorities.USER - 100)
    public Response mismatch(MismatchedInputException e) {
        return JsonProblems.of(e).toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, Request request, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json, request, uri); // the JSON reader wraps syntax errors in a 400
        }
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request, uri, null);
        }
        Problem problem = Problems.http(status);
        if (status == 405) {
            Object allow = e.getResponse().getHeaders().getFirst(HttpHeaders.ALLOW);
            if (allow != null) {
                problem.header(HttpHeaders.ALLOW, allow);
            } else {
                AllowedMethods.of(uri.getPath()).ifPresent(methods -> problem.header(HttpHeaders.ALLOW, methods));
            }
        }
        return problem.toResponse(mapper);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, Request request, UriInfo uri, HttpServerResponse raw) {
        if (raw != null && raw.ended()) {
            // The HTTP layer already answered (e.g. its own 413 for an oversized chunked body); nothing to add.
            LOG.debugf(e, "failure after the answer was sent during %s %s", request.getMethod(), uri.getPath());
            return null;
        }
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure %s during %s %s", errorId, request.getMethod(), uri.getPath());
        return Problems.internal(errorId).toResponse(mapper);
    }
}
