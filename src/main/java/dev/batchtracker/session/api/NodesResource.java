package dev.batchtracker.session.api;

import dev.batchtracker.session.api.document.NodePageDocument;
import dev.batchtracker.session.api.document.SessionDocuments;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeReportItem;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.api.validation.Violations;
import dev.batchtracker.session.Wire;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Node reports and the node listing of one session. Reports return a {@code Uni} and start on the event loop: the
 * manager combines them per session, and only the submission moves to a worker thread when the store blocks. The
 * listing has a plain return type and runs on a worker thread.
 */
@Path(NodesResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class NodesResource {

    public static final String PATH = "/api/v1/parallel/sessions/{task_id}/nodes";

    private final BatchSessionManager manager;
    private final SessionDocuments documents;
    private final StoreDispatch dispatch;

    public NodesResource(BatchSessionManager manager, SessionDocuments documents, StoreDispatch dispatch) {
        this.manager = manager;
        this.documents = documents;
        this.dispatch = dispatch;
    }

    @PUT
    @Path("{node_id}")
    @NonBlocking // the store call itself goes where StoreDispatch says
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> report(@PathParam("task_id") String taskId,
                                @PathParam("node_id") String nodeId,
                                NodeReportRequest body) {
        Violations.of(body).size("node_id", nodeId, 1, Limits.NODE_ID_CHARS).throwIfAny();
        UUID id = TaskIds.parse(taskId);
        NodeStatus status = Wire.nodeStatus("status", body.status());
        NodeReport report = new NodeReport(status, body.result(), body.error(), body.startedAt(), body.finishedAt());
        return dispatch.submit(() -> manager.reportNodeAsync(id, nodeId, report)).map(this::ok);
    }

    /** Several reports at once, all or nothing: one write, one version step, one event. */
    @POST
    @NonBlocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> reportAll(@PathParam("task_id") String taskId, BulkReportRequest body) {
        Violations.of(body).throwIfAny();
        UUID id = TaskIds.parse(taskId);
        List<NodeReportItem> reports = new ArrayList<>(body.reports().size());
        for (int i = 0; i < body.reports().size(); i++) {
            BulkReportRequest.Item item = body.reports().get(i);
            NodeStatus status = Wire.nodeStatus(NodeReportItem.field(i) + "status", item.status());
            reports.add(new NodeReportItem(item.nodeId(),
                    new NodeReport(status, item.result(), item.error(), item.startedAt(), item.finishedAt())));
        }
        return dispatch.submit(() -> manager.reportNodesAsync(id, reports)).map(this::ok);
    }

    private Response ok(Session session) {
        return Response.ok(documents.full(session)).tag(StatusResource.etag(session)).build();
    }

    @GET
    public NodePageDocument list(@PathParam("task_id") String taskId,
                                                 @QueryParam("status") String status,
                                                 @QueryParam("limit") String limit,
                                                 @QueryParam("cursor") String cursor) {
        UUID id = TaskIds.parse(taskId);
        NodeStatus filter = Wire.nodeStatus("status", status);
        int size = QueryParams.limit(limit, Limits.NODES_PAGE_DEFAULT, Limits.NODES_PAGE_MAX);
        return documents.nodes(manager.nodePage(id, filter, cursor, size));
    }
}
