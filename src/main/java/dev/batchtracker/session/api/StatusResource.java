package dev.batchtracker.session.api;

import dev.batchtracker.session.api.document.SessionDocuments;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.api.sse.SseResponse;
import dev.batchtracker.session.api.sse.SseStreams;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.SseEventSink;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * GET /api/v1/parallel/status/{task_id}: the status document (with ETag and long polling, for a newer version or a
 * terminal status) or its SSE stream.
 */
@Path(StatusResource.PATH)
public class StatusResource {

    public static final String PATH = "/api/v1/parallel/status/{task_id}";
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);

    private final BatchSessionManager manager;
    private final SessionDocuments documents;
    private final SseStreams streams;
    private final VersionWatch watch;
    private final StoreDispatch dispatch;

    public StatusResource(BatchSessionManager manager, SessionDocuments documents, SseStreams streams,
                          VersionWatch watch, StoreDispatch dispatch) {
        this.manager = manager;
        this.documents = documents;
        this.streams = streams;
        this.watch = watch;
        this.dispatch = dispatch;
    }

    @GET
    @NonBlocking // the store call itself goes where StoreDispatch says
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> status(@PathParam("task_id") String taskId,
                                @HeaderParam("If-None-Match") String ifNoneMatch,
                                @QueryParam("wait_for_version") String waitForVersionParam,
                                @QueryParam("wait") String waitParam,
                                @QueryParam("timeout") String timeout) {
        UUID id = TaskIds.parse(taskId);
        // Parameters are checked before the session is read, so a bad one is a 400 whatever the session's state.
        Long waitForVersion = QueryParams.optionalLong("wait_for_version", waitForVersionParam);
        boolean waitTerminal = waitTerminal(waitParam, waitForVersion);
        Duration wait = Durations.parseTimeout(timeout, DEFAULT_WAIT, MAX_WAIT);
        Predicate<Session> until = waitTerminal ? VersionWatch.terminal()
                : waitForVersion != null ? VersionWatch.newerThan(waitForVersion) : null;
        return dispatch.call(() -> manager.get(id)).flatMap(session -> {
            if (until != null && !until.test(session)) {
                return watch.await(session, until, wait).map(waited -> waited.met() ? ok(waited.session())
                        : Response.notModified(etag(waited.session())).build());
            }
            // A terminal wait answers with the document even when the client has it: its 304 means "not yet".
            if (!waitTerminal && ifNoneMatch != null && matches(ifNoneMatch, session)) {
                return Uni.createFrom().item(Response.notModified(etag(session)).build());
            }
            return Uni.createFrom().item(ok(session));
        });
    }

    @GET
    @Blocking // opening reads the session from the store, which may block
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(@PathParam("task_id") String taskId,
                       @HeaderParam("Last-Event-ID") String lastEventIdHeader,
                       @QueryParam("last_event_id") String lastEventIdQuery,
                       @Context HttpHeaders headers,
                       @Context SseEventSink sink,
                       @Context HttpServerResponse response) {
        SseResponse.requireAccepted(headers.getAcceptableMediaTypes());
        UUID id = TaskIds.parse(taskId);
        String lastEventId = SseResponse.lastEventId(lastEventIdHeader, lastEventIdQuery);
        // Everything that refuses a stream (400, 404, 410, 503) is thrown here, before the response starts.
        streams.open(id, parseLastEventId(lastEventId)).ifPresentOrElse(
                frames -> SseResponse.stream(frames, response, sink),
                () -> SseResponse.nothingMore(response, sink));
    }

    private Response ok(Session session) {
        // no-cache: caches may keep the document but must revalidate (If-None-Match) before showing it.
        return Response.ok(documents.full(session)).tag(etag(session))
                .header(HttpHeaders.CACHE_CONTROL, "no-cache").build();
    }

    static EntityTag etag(Session session) {
        return new EntityTag(etagValue(session));
    }

    /**
     * The version; once compacted, the version marked so: compaction changes the document (compacted, the node
     * results) without a new version, and a client revalidating the earlier document must not be told it is current.
     */
    private static String etagValue(Session session) {
        return session.isCompacted() ? session.version() + "-compacted" : Long.toString(session.version());
    }

    private static boolean matches(String ifNoneMatch, Session session) {
        String current = "\"" + etagValue(session) + "\"";
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.equals(current) || tag.equals("*")) {
                return true;
            }
        }
        return false;
    }

    /** {@code wait=terminal}, the one value; it is an alternative to wait_for_version, not a combination. */
    private static boolean waitTerminal(String value, Long waitForVersion) {
        if (value == null || value.isBlank()) {
            return false;
        }
        if (!value.trim().equals("terminal")) {
            throw new InvalidRequestException("wait", "wait must be terminal");
        }
        if (waitForVersion != null) {
            throw new InvalidRequestException("wait", "wait and wait_for_version cannot be combined");
        }
        return true;
    }

    private static Long parseLastEventId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Last-Event-ID", "Last-Event-ID must be a version number");
        }
    }
}
