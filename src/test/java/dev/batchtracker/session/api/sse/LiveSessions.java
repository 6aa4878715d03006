package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;

import java.net.URI;
import java.util.UUID;

/** Writes sessions through the manager (the one write path) for the live-update tests, and names their URLs. */
public final class LiveSessions {

    public static final String STATUS_PATH = "/api/v1/parallel/status/";

    private LiveSessions() {
    }

    public static Session create(BatchSessionManager manager, int nodeCount) {
        return create(manager, nodeCount, null);
    }

    public static Session create(BatchSessionManager manager, int nodeCount, String metadataJson) {
        return manager.create(new CreateSession("canvas/live-" + UUID.randomUUID(), nodeCount, null, metadataJson,
                null, UUID.randomUUID().toString())).session();
    }

    public static Session running(BatchSessionManager manager, int nodeCount) {
        Session created = create(manager, nodeCount);
        return manager.transition(created.id(), SessionStatus.RUNNING, "started by the test");
    }

    public static Session finishNode(BatchSessionManager manager, UUID id, String nodeId) {
        return manager.reportNode(id, nodeId, new NodeReport(NodeStatus.COMPLETED, null, null, null, null));
    }

    public static URI statusUri(URI base, UUID id) {
        return base.resolve(STATUS_PATH + id);
    }
}
