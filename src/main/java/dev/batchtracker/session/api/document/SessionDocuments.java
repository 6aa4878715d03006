package dev.batchtracker.session.api.document;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.NodePage;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.Page;
import dev.batchtracker.session.Plan;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFigures;
import dev.batchtracker.session.StatusCounts;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.Wire;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.LinkedHashMap;
import java.util.Map;

/** The one mapping from domain values to wire documents. */
@ApplicationScoped
public class SessionDocuments {

    private final BatchSessionManager manager;

    public SessionDocuments(BatchSessionManager manager) {
        this.manager = manager;
    }

    /** The full document, history included. */
    public StatusDocument full(Session session) {
        return toDocument(session, true);
    }

    /** Without history: for lists and SSE events. */
    public StatusDocument summary(Session session) {
        return toDocument(session, false);
    }

    public PageDocument<StatusDocument> summaries(Page<Session> page) {
        return new PageDocument<>(page.map(this::summary).items(), page.nextCursor());
    }

    public NodePageDocument nodes(NodePage nodes) {
        Page<NodeResult> page = nodes.page();
        return new NodePageDocument(page.map(SessionDocuments::node).items(), page.nextCursor(), nodes.compacted());
    }

    /** Every status by its wire name, in the enum's order, then {@code total}. */
    public static Map<String, Long> counts(StatusCounts counts) {
        Map<String, Long> document = new LinkedHashMap<>();
        counts.byStatus().forEach((status, n) -> document.put(Wire.name(status), n));
        document.put("total", counts.total());
        return document;
    }

    public static NodeResultDocument node(NodeResult node) {
        return new NodeResultDocument(node.nodeId(), Wire.name(node.status()), node.resultJson(), node.error(),
                node.startedAt(), node.finishedAt(), node.executionTimeMs(), node.updatedAt());
    }

    private StatusDocument toDocument(Session s, boolean withHistory) {
        SessionFigures figures = manager.figures(s);
        Plan plan = s.plan();
        Timeline times = s.timeline();
        return new StatusDocument(
                s.id().toString(),
                plan.canvasPath(),
                Wire.name(s.status()),
                figures.progressPercent(),
                plan.nodeCount(),
                s.counts().completed(),
                s.counts().failed(),
                s.counts().running(),
                s.counts().pending(plan.nodeCount()),
                plan.groups().stream().map(g -> new StatusDocument.GroupDocument(g.groupId(), g.nodeIds())).toList(),
                plan.metadataJson(),
                plan.labels().entries(),
                times.createdAt(),
                times.updatedAt(),
                times.lastActivityAt(),
                times.startedAt(),
                times.finishedAt(),
                times.expiresAt(),
                s.version(),
                s.isCompacted(),
                figures.stale(),
                s.reason(),
                withHistory
                        ? s.history().stream().map(t -> new StatusDocument.HistoryEntry(
                                Wire.name(t.from()), Wire.name(t.to()), t.at(), t.reason())).toList()
                        : null,
                figures.etaSeconds(),
                figures.throughputNodesPerSecond());
    }
}
