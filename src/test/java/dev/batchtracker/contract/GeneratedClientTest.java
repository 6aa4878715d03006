package dev.batchtracker.contract;

import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.batchtracker.generated.ApiClient;
import dev.batchtracker.generated.ApiException;
import dev.batchtracker.generated.api.SessionsApi;
import dev.batchtracker.generated.api.StatusApi;
import dev.batchtracker.generated.model.BulkReportItem;
import dev.batchtracker.generated.model.BulkReportRequest;
import dev.batchtracker.generated.model.CreateSessionRequest;
import dev.batchtracker.generated.model.CreateSessionRequestGroupsInner;
import dev.batchtracker.generated.model.GoneProblem;
import dev.batchtracker.generated.model.NodePage;
import dev.batchtracker.generated.model.NodeReportRequest;
import dev.batchtracker.generated.model.NodeResult;
import dev.batchtracker.generated.model.NodeStatus;
import dev.batchtracker.generated.model.SessionStatus;
import dev.batchtracker.generated.model.StatusDocument;
import dev.batchtracker.generated.model.TransitionRequest;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A client generated from what /q/openapi serves (openapi-generator's Java client, written into target/ by the
 * build) drives one session through its whole life. Its mapper refuses unknown properties, so every field the
 * service sends must be one the contract names.
 */
@QuarkusTest
class GeneratedClientTest {

    @TestHTTPResource("/")
    URI base;

    @Test
    void drivesOneSessionFromCreateToGone() throws Exception {
        ApiClient client = new ApiClient();
        client.updateBaseUri(base.toString().replaceAll("/$", ""));
        client.getObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        SessionsApi sessions = new SessionsApi(client);
        StatusApi status = new StatusApi(client);

        StatusDocument created = sessions.createSession(new CreateSessionRequest()
                .canvasPath("canvases/generated-client.json")
                .addGroupsItem(new CreateSessionRequestGroupsInner().groupId("extract").nodeIds(List.of("a", "b")))
                .addGroupsItem(new CreateSessionRequestGroupsInner().groupId("load").nodeIds(List.of("c")))
                .metadata(Map.of("owner", "generated-client")), "generated-client-" + UUID.randomUUID());
        UUID id = created.getTaskId();
        assertThat(created.getStatus()).isEqualTo(SessionStatus.PENDING);
        assertThat(created.getNodeCount()).isEqualTo(3);
        assertThat(created.getGroups()).hasSize(2);

        StatusDocument running = sessions.transitionSession(id, new TransitionRequest().to(SessionStatus.RUNNING));
        assertThat(running.getStatus()).isEqualTo(SessionStatus.RUNNING);
        sessions.heartbeat(id);

        sessions.reportNode(id, "a", new NodeReportRequest().status(NodeReportRequest.StatusEnum.RUNNING));
        sessions.reportNode(id, "a", new NodeReportRequest().status(NodeReportRequest.StatusEnum.COMPLETED)
                .result(Map.of("rows", 42)));
        // The rest of the group in one bulk report: b failed, c completed, one version step.
        StatusDocument finished = sessions.reportNodes(id, new BulkReportRequest()
                .addReportsItem(new BulkReportItem().nodeId("b").status(BulkReportItem.StatusEnum.FAILED)
                        .error("timeout"))
                .addReportsItem(new BulkReportItem().nodeId("c").status(BulkReportItem.StatusEnum.COMPLETED)));
        assertThat(finished.getStatus()).isEqualTo(SessionStatus.PARTIAL_FAILURE);

        List<NodeResult> nodes = new ArrayList<>();
        NodePage page = status.listNodes(id, null, 2, null);
        nodes.addAll(page.getItems());
        assertThat(page.getItems()).hasSize(2);
        assertThat(page.getNextCursor()).isNotNull();
        page = status.listNodes(id, null, 2, page.getNextCursor());
        nodes.addAll(page.getItems());
        assertThat(page.getNextCursor()).isNull();
        assertThat(nodes).extracting(NodeResult::getNodeId).containsExactly("a", "b", "c");
        assertThat(nodes).extracting(NodeResult::getStatus)
                .containsExactly(NodeStatus.COMPLETED, NodeStatus.FAILED, NodeStatus.COMPLETED);
        assertThat(nodes.get(0).getResult()).isEqualTo(Map.of("rows", 42));
        assertThat(nodes.get(1).getError()).isEqualTo("timeout");
        assertThat(status.listNodes(id, NodeStatus.FAILED, null, null).getItems())
                .extracting(NodeResult::getNodeId).containsExactly("b");

        // Finished already, so waiting for a terminal status answers at once.
        StatusDocument read = status.getStatus(id, null, null, "terminal", "60s", null, null);
        assertThat(read.getStatus()).isEqualTo(SessionStatus.PARTIAL_FAILURE);
        assertThat(read.getVersion()).isEqualTo(finished.getVersion());
        assertThat(read.getCompletedNodes()).isEqualTo(2);
        assertThat(read.getFailedNodes()).isEqualTo(1);
        assertThat(read.getProgressPercent()).isEqualByComparingTo("100");
        assertThat(read.getHistory()).hasSize(2);

        sessions.deleteSession(id);

        ApiException gone = catchThrowableOfType(ApiException.class,
                () -> status.getStatus(id, null, null, null, null, null, null));
        assertThat(gone.getCode()).isEqualTo(410);
        GoneProblem problem = client.getObjectMapper().readValue(gone.getResponseBody(), GoneProblem.class);
        assertThat(problem.getTaskId()).isEqualTo(id);
        assertThat(problem.getReason()).isEqualTo(GoneProblem.ReasonEnum.DELETED);
    }
}
