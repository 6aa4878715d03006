package dev.batchtracker.session.api;

import dev.batchtracker.session.api.document.PageDocument;
import dev.batchtracker.session.api.document.StatusDocument;
import dev.batchtracker.session.api.document.SessionDocuments;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.Labels;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.api.sse.SseResponse;
import dev.batchtracker.session.api.sse.SseStreams;
import dev.batchtracker.session.api.problem.Problem;
import dev.batchtracker.session.api.validation.Violations;
import dev.batchtracker.session.Wire;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerResponse;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.SseEventSink;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The session collection and the commands on one session. Speaks HTTP only: parse, call the manager, map.
 * Creates and the versioned writes return a {@code Uni} and go where {@link StoreDispatch} says; the list and delete
 * return plain types, so they run on a worker thread (the store may block).
 */
@Path(SessionsResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class SessionsResource {

    public static final String PATH = "/api/v1/parallel/sessions";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final BatchSessionManager manager;
    private final SessionDocuments documents;
    private final IdempotencyKeys idempotency;
    private final StoreDispatch dispatch;
    private final SseStreams streams;

    public SessionsResource(BatchSessionManager manager, SessionDocuments documents, IdempotencyKeys idempotency,
                            StoreDispatch dispatch, SseStreams streams) {
        this.streams = streams;
        this.manager = manager;
        this.documents = documents;
        this.idempotency = idempotency;
        this.dispatch = dispatch;
    }

    @POST
    @NonBlocking // the store call itself goes where StoreDispatch says
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@HeaderParam(IdempotencyKeys.HEADER) String idempotencyKey,
                                CreateSessionRequest body) {
        Violations.of(body).throwIfAny();
        String key = idempotency.key(idempotencyKey);
        List<NodeGroup> groups = body.groups() == null ? List.of()
                : body.groups().stream().map(g -> new NodeGroup(g.groupId(), g.nodeIds())).toList();
        CreateSession command = new CreateSession(body.canvasPath(), body.nodeCount(), groups, body.metadata(),
                Labels.of(body.labels()), key, key == null ? null : idempotency.fingerprint(body));
        return dispatch.call(() -> manager.create(command)).map(this::created);
    }

    private Response created(BatchSessionManager.Created created) {
        Session session = created.session();
        Response.ResponseBuilder response = Response.status(Response.Status.CREATED)
                // Relative on purpose: the address clients follow is the status URL, wherever the service is hosted.
                .header(HttpHeaders.LOCATION, StatusResource.PATH.replace("{task_id}", session.id().toString()))
                .tag(StatusResource.etag(session))
                .entity(documents.full(session));
        if (created.replayed()) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.build();
    }

    /** Newest first, filtered by {@link SessionFilterParams}; the cursor pages on under the same filter. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public PageDocument<StatusDocument> list(@Context UriInfo uri,
                                             @QueryParam("limit") String limit,
                                             @QueryParam("cursor") String cursor) {
        SessionFilter filter = SessionFilterParams.parse(uri.getQueryParameters());
        int size = QueryParams.limit(limit, Limits.SESSIONS_PAGE_DEFAULT, Limits.SESSIONS_PAGE_MAX);
        return documents.summaries(manager.list(filter, cursor, size));
    }

    /** How many sessions match the same filters as the list, per status, and in all. */
    @GET
    @Path("counts")
    public Map<String, Long> counts(@Context UriInfo uri) {
        return SessionDocuments.counts(manager.counts(SessionFilterParams.parse(uri.getQueryParameters())));
    }

    /**
     * The live feed of the collection: the list's filters, as an SSE stream (see {@link SseStreams#openFeed}); its
     * first events are the first page of the same filtered listing. Everything that refuses it (400, 410 resync,
     * 503) is thrown before the response starts.
     * <p>
     * Named so that it sorts after {@link #list}: for a client that accepts anything, the framework breaks the tie
     * between the two methods by name, and such a client must get the JSON page (as on the status URL, where
     * {@code status} sorts before {@code stream}). {@code SseFeedTest} checks it.
     */
    @GET
    @Blocking // opening reads the store, which may block
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@Context UriInfo uri,
                       @HeaderParam("Last-Event-ID") String lastEventIdHeader,
                       @QueryParam("last_event_id") String lastEventIdQuery,
                       @Context HttpHeaders headers,
                       @Context SseEventSink sink,
                       @Context HttpServerResponse response) {
        SseResponse.requireAccepted(headers.getAcceptableMediaTypes());
        SessionFilter filter = SessionFilterParams.parse(uri.getQueryParameters());
        Long lastEventId = QueryParams.optionalLong("Last-Event-ID",
                SseResponse.lastEventId(lastEventIdHeader, lastEventIdQuery));
        SseResponse.stream(streams.openFeed(filter, lastEventId, size -> manager.list(filter, null, size)),
                response, sink);
    }

    @DELETE
    @Path("{task_id}")
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // no body but a problem: a client may accept only that
    public Response delete(@PathParam("task_id") String taskId) {
        manager.delete(TaskIds.parse(taskId));
        return Response.noContent().build();
    }

    @POST
    @Path("{task_id}/transitions")
    @Consumes(MediaType.APPLICATION_JSON)
    @NonBlocking // combined per session by the manager; StoreDispatch moves the submission where the store needs
    public Uni<Response> transition(@PathParam("task_id") String taskId, TransitionRequest body) {
        Violations.of(body).throwIfAny();
        UUID id = TaskIds.parse(taskId);
        SessionStatus to = Wire.sessionStatus("to", body.to());
        return dispatch.submit(() -> manager.transitionAsync(id, to, body.reason())).map(this::ok);
    }

    @POST
    @Path("{task_id}/progress")
    @Consumes(MediaType.APPLICATION_JSON)
    @NonBlocking
    public Uni<Response> progress(@PathParam("task_id") String taskId, ProgressRequest body) {
        Violations.of(body).throwIfAny();
        UUID id = TaskIds.parse(taskId);
        return dispatch.submit(() -> manager.reportProgressAsync(id, body.progressPercent())).map(this::ok);
    }

    @POST
    @Path("{task_id}/heartbeat")
    @NonBlocking
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE}) // as delete: 204, or a problem
    public Uni<Response> heartbeat(@PathParam("task_id") String taskId) {
        UUID id = TaskIds.parse(taskId);
        return dispatch.submit(() -> manager.heartbeatAsync(id)).map(session -> Response.noContent().build());
    }

    private Response ok(Session session) {
        return Response.ok(documents.full(session)).tag(StatusResource.etag(session)).build();
    }
}
