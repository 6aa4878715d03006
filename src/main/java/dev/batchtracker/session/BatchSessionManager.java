package dev.batchtracker.session;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.session.store.SessionStore;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Owns the rules: transitions, node accounting, progress, expiry. It speaks neither HTTP nor SQL. Every versioned
 * write goes through {@link SessionWrites}, which combines the requests for one session into one version-checked
 * store write; the rules here say what each request does to the session as that write found it.
 */
@ApplicationScoped
public class BatchSessionManager {

    /** The bean name of the executor a blocking store's write drains go on in (a worker pool). */
    public static final String WRITE_CONTINUATIONS = "session-write-continuations";

    public static final String ALL_NODES_FINISHED = "all nodes finished";

    private final SessionStore store;
    private final SessionEventHub hub;
    private final Clock clock;
    private final BatchConfig config;
    private final SessionObserver observer;
    private final SessionWrites writes;
    private final MemoryBudget memoryBudget;

    /** Without a pool for write continuations: a drain on a blocking store writes every batch on its own thread. */
    public BatchSessionManager(SessionStore store, SessionEventHub hub, Clock clock, BatchConfig config,
                               SessionObserver observer) {
        this(store, hub, clock, config, observer, Runnable::run);
    }

    /** @param continuations where a drain of a blocking store's writes goes on after its first batch */
    @Inject
    public BatchSessionManager(SessionStore store, SessionEventHub hub, Clock clock, BatchConfig config,
                               SessionObserver observer, @Identifier(WRITE_CONTINUATIONS) Executor continuations) {
        this.store = store;
        this.hub = hub;
        this.clock = clock;
        this.config = config;
        this.observer = observer;
        this.memoryBudget = new MemoryBudget(store, config);
        this.writes = new SessionWrites(store, clock, new SessionWrites.Rules() {
            @Override
            public Session load(UUID id, Instant now) {
                return BatchSessionManager.this.load(id, now);
            }

            @Override
            public Instant expiryOf(Session session, Instant now) {
                return BatchSessionManager.this.expiryOf(session, now);
            }

            @Override
            public void written(Session stored, WorkingSession working) {
                working.moves().forEach(move -> observer.transitioned(move.from(), move.to()));
                working.recorded().forEach(observer::nodeRecorded);
                hub.publish(new SessionEvent.Changed(stored));
            }
        }, continuations);
    }

    /** The outcome of a create: {@code replayed} when an Idempotency-Key matched an earlier create. */
    public record Created(Session session, boolean replayed) {
    }

    public Created create(CreateSession request) {
        List<NodeGroup> groups = request.groups();
        List<String> nodeIds = nodeSetOf(groups);
        int nodeCount = nodeCountOf(request, nodeIds);
        Plan plan = new Plan(request.canvasPath(), nodeCount, groups,
                request.metadataJson() == null ? "{}" : request.metadataJson(), request.labels());
        Origin origin = Origin.of(request.idempotencyKey(), request.fingerprint());
        while (true) {
            if (store.count() >= config.maxSessions()) {
                throw new CapacityExceededException("The service holds its maximum of " + config.maxSessions()
                        + " sessions; retry after the cleanup has removed expired ones");
            }
            memoryBudget.checkRoom();
            Instant now = clock.instant();
            Session session = Session.pending(UUID.randomUUID(), plan, Timeline.created(now, activeUntil(now)),
                    origin);
            List<NodeResult> pendingNodes = new ArrayList<>(nodeIds.size());
            for (String nodeId : nodeIds) {
                pendingNodes.add(NodeResult.pending(nodeId, now));
            }
            SessionStore.InsertResult result = store.insert(session, pendingNodes);
            if (result instanceof SessionStore.InsertResult.Inserted inserted) {
                observer.created();
                return new Created(inserted.session(), false);
            }
            Session existing = ((SessionStore.InsertResult.KeyTaken) result).existing();
            if (existing.isExpiredAt(now)) {
                // An expired session is gone at once (lazy expiry), so it gives up its key whatever the request
                // was, exactly as it would once the cleanup had removed it; this create then goes ahead.
                expire(existing.id());
                continue;
            }
            if (!Objects.equals(existing.origin().requestFingerprint(), request.fingerprint())) {
                throw new UnprocessableException("idempotency-key-reused",
                        "This Idempotency-Key was already used for a different request");
            }
            return new Created(existing, true);
        }
    }

    private List<String> nodeSetOf(List<NodeGroup> groups) {
        Set<String> groupIds = new LinkedHashSet<>();
        Set<String> nodeIds = new LinkedHashSet<>();
        for (NodeGroup group : groups) {
            if (!groupIds.add(group.groupId())) {
                throw new InvalidRequestException("groups", "group_id '" + group.groupId() + "' appears twice");
            }
            nodeIds.addAll(group.nodeIds());
            if (nodeIds.size() > config.maxNodes()) {
                throw new InvalidRequestException("groups", "groups name more than " + config.maxNodes() + " nodes");
            }
        }
        return List.copyOf(nodeIds);
    }

    private int nodeCountOf(CreateSession request, List<String> nodeIds) {
        if (!request.groups().isEmpty()) {
            if (request.nodeCount() != null && request.nodeCount() != nodeIds.size()) {
                throw new InvalidRequestException("node_count", "node_count is " + request.nodeCount()
                        + " but the groups name " + nodeIds.size() + " distinct nodes");
            }
            return nodeIds.size();
        }
        if (request.nodeCount() == null) {
            throw new InvalidRequestException("node_count", "node_count or groups is required");
        }
        if (request.nodeCount() < 0 || request.nodeCount() > config.maxNodes()) {
            throw new InvalidRequestException("node_count", "node_count must be between 0 and " + config.maxNodes());
        }
        return request.nodeCount();
    }

    /** The session as it stands; 404 when unknown, 410 when past its expiry or removed less than the tombstone TTL ago. */
    public Session get(UUID id) {
        return load(id, clock.instant());
    }

    public Page<Session> list(SessionFilter filter, String cursor, int limit) {
        Instant now = clock.instant();
        Page<Session> page = store.list(filter, cursor, limit);
        // Lazy expiry: what already answers 410 is not listed either.
        return new Page<>(page.items().stream().filter(s -> !s.isExpiredAt(now)).toList(), page.nextCursor());
    }

    /**
     * Sessions matching the filter, per status. Sessions past their expiry but not yet removed by the cleanup are
     * counted (the store answers from its indexes, which do not know the clock); the cleanup removes them within
     * one of its intervals.
     */
    public StatusCounts counts(SessionFilter filter) {
        return store.counts(filter);
    }

    /** The window of a report that names no {@code since}: the day before its end. */
    public static final Duration DEFAULT_ANALYTICS_WINDOW = Duration.ofHours(24);

    /**
     * How the sessions matching the filter that finished in {@code [since, until)} did. A missing {@code until} is
     * now; a missing {@code since} is a day before the end.
     *
     * @throws InvalidRequestException (field "since") when since is not before until, or the window is too long
     */
    public Analytics analytics(SessionFilter filter, Instant since, Instant until) {
        Instant end = until != null ? until : clock.instant();
        Instant start = since != null ? since : end.minus(DEFAULT_ANALYTICS_WINDOW);
        return store.analytics(new AnalyticsQuery(filter, start, end));
    }

    public Page<NodeResult> nodes(UUID id, NodeStatus status, String cursor, int limit) {
        return nodePage(id, status, cursor, limit).page();
    }

    /**
     * A page of node results with the session's compaction state. A finished session not compacted when it was read
     * is read again after its page: compaction may have run in between, and a page read across it is shown as
     * compacted (cut as compaction cuts), never as a whole one missing its results.
     */
    public NodePage nodePage(UUID id, NodeStatus status, String cursor, int limit) {
        Session session = get(id);
        Page<NodeResult> page = store.nodes(id, status, cursor, limit);
        boolean compacted = session.isCompacted() || (session.status().isTerminal()
                && store.find(id).map(Session::isCompacted).orElse(false));
        return new NodePage(compacted ? page.map(NodeResult::compacted) : page, compacted);
    }

    public Session transition(UUID id, SessionStatus to, String reason) {
        return join(transitionAsync(id, to, reason));
    }

    /** Moves the session along the table; a move to the status it already has is a no-op. */
    public CompletionStage<Session> transitionAsync(UUID id, SessionStatus to, String reason) {
        Objects.requireNonNull(to, "to");
        return writes.submit(id, new SessionWrites.Mutation(List.of(), (working, now) -> {
            if (working.session().status() != to) { // already there: a retried request is not an error
                working.transition(to, reason, now);
            }
        }));
    }

    public Session reportNode(UUID id, String nodeId, NodeReport report) {
        return join(reportNodeAsync(id, nodeId, report));
    }

    public CompletionStage<Session> reportNodeAsync(UUID id, String nodeId, NodeReport report) {
        checkReport(report, "");
        return writes.submit(id, new SessionWrites.Mutation(List.of(nodeId), (working, now) -> applyReport(working, nodeId, report, now)));
    }

    public Session reportNodes(UUID id, List<NodeReportItem> reports) {
        return join(reportNodesAsync(id, reports));
    }

    /**
     * A bulk report, all or nothing: every item is checked first, then the rules are applied in order; the first
     * item refused refuses the whole bulk (naming the item) and nothing of it is stored. One write, one version step.
     */
    public CompletionStage<Session> reportNodesAsync(UUID id, List<NodeReportItem> reports) {
        for (int i = 0; i < reports.size(); i++) {
            checkReport(reports.get(i).report(), NodeReportItem.field(i));
        }
        List<String> nodeIds = reports.stream().map(NodeReportItem::nodeId).toList();
        return writes.submit(id, new SessionWrites.Mutation(nodeIds, (working, now) -> {
            for (int i = 0; i < reports.size(); i++) {
                NodeReportItem item = reports.get(i);
                try {
                    applyReport(working, item.nodeId(), item.report(), now);
                } catch (BatchException e) {
                    throw NodeReportItem.refused(i, e);
                }
            }
        }));
    }

    private static void checkReport(NodeReport report, String fieldPrefix) {
        if (report.status() == NodeStatus.PENDING) {
            throw new InvalidRequestException(fieldPrefix + "status", "a node report is running, completed or failed");
        }
        if (report.startedAt() != null && report.finishedAt() != null && report.finishedAt().isBefore(report.startedAt())) {
            throw new InvalidRequestException(fieldPrefix + "finished_at", "finished_at is before started_at");
        }
    }

    /** The node rules, for one report, on the write's working state. */
    private static void applyReport(WorkingSession working, String nodeId, NodeReport report, Instant now) {
        Session session = working.session();
        NodeResult current = working.node(nodeId);
        NodeStatus currentStatus = current == null ? null : current.status();
        if (currentStatus != null && currentStatus.isTerminal() && currentStatus == report.status()) {
            return; // an identical repeat of a terminal report, accepted even after the finish
        }
        if (session.status() != SessionStatus.RUNNING) {
            throw new ConflictException("session-not-running", "Node reports are accepted only while the session"
                    + " is running; it is " + Wire.name(session.status()));
        }
        if (current == null) {
            if (session.hasGroups()) {
                throw new UnprocessableException("unknown-node",
                        "Node '" + nodeId + "' is not in any of this session's groups");
            }
            if (session.counts().known() >= session.plan().nodeCount()) {
                throw new ConflictException("node-limit", "The session already has results for all "
                        + session.plan().nodeCount() + " of its nodes");
            }
        } else if (!currentStatus.precedes(report.status())) {
            if (currentStatus.isTerminal() && report.status().isTerminal()) {
                throw new ConflictException("node-conflict", "Node '" + nodeId + "' already finished as "
                        + Wire.name(currentStatus));
            }
            return; // running again, or running after a finish: nothing moves backwards
        }
        NodeResult next = nextResult(nodeId, current, report, now);
        NodeCounts counts = session.counts().move(currentStatus, report.status());
        working.record(next);
        working.replace(session.withCounts(counts, report.status().isTerminal() ? now : null));
        if (session.plan().nodeCount() > 0 && counts.finished() == session.plan().nodeCount()) {
            working.transition(SessionStatus.outcomeOf(counts), ALL_NODES_FINISHED, now);
        }
    }

    private static NodeResult nextResult(String nodeId, NodeResult current, NodeReport report, Instant now) {
        boolean terminal = report.status().isTerminal();
        Instant startedAt = report.startedAt() != null ? report.startedAt()
                : current != null && current.startedAt() != null ? current.startedAt()
                : report.status() == NodeStatus.RUNNING ? now : null;
        Instant finishedAt = terminal ? (report.finishedAt() != null ? report.finishedAt() : now) : null;
        if (startedAt != null && finishedAt != null && finishedAt.isBefore(startedAt)) {
            throw new InvalidRequestException("finished_at", "finished_at is before the node's started_at");
        }
        // The stored node's own id string, not this request's equal copy: the in-memory store keeps the first one as
        // its map key, so a second copy would stay on the heap for the node's lifetime (48 B per node, measured).
        String id = current != null ? current.nodeId() : nodeId;
        return new NodeResult(id, report.status(), report.resultJson(), report.error(), startedAt, finishedAt, now);
    }

    public Session reportProgress(UUID id, double percent) {
        return join(reportProgressAsync(id, percent));
    }

    public CompletionStage<Session> reportProgressAsync(UUID id, double percent) {
        if (!Double.isFinite(percent) || percent < 0 || percent > 100) {
            throw new InvalidRequestException("progress_percent", "progress_percent must be a number from 0 to 100");
        }
        return writes.submit(id, new SessionWrites.Mutation(List.of(), (working, now) -> {
            Session session = working.session();
            double shown = SessionFigures.progressPercent(session);
            if (session.status() != SessionStatus.RUNNING) {
                if (session.status().isTerminal() && percent == shown) {
                    return;
                }
                throw new ConflictException("session-not-running", "Progress is accepted only while the session is running");
            }
            if (percent < shown) {
                throw new ConflictException("progress-decrease",
                        "Progress never decreases: it is " + shown + ", the report says " + percent);
            }
            if (percent > shown) {
                working.replace(session.withReportedProgress(percent));
            }
        }));
    }

    /** Activity without change: clears staleness and extends expiry of a session that is not finished. */
    public void heartbeat(UUID id) {
        join(heartbeatAsync(id));
    }

    public CompletionStage<Session> heartbeatAsync(UUID id) {
        // Nothing to change: the write it joins (or, alone, the activity it records) is the heartbeat.
        return writes.submit(id, new SessionWrites.Mutation(List.of(), (working, now) -> {
        }));
    }

    public void delete(UUID id) {
        Instant now = clock.instant();
        load(id, now);
        writes.forget(id);
        Optional<Session> removed = store.remove(id, GoneReason.DELETED, now, now.plus(config.tombstoneTtl()));
        if (removed.isEmpty()) {
            load(id, now); // removed concurrently: answer as a read would now (410 or 404)
            return;
        }
        observer.removed(GoneReason.DELETED);
        hub.publish(new SessionEvent.Gone(id, GoneReason.DELETED));
    }

    /**
     * Removes a session if it has expired by now, leaving a tombstone and telling its subscribers.
     *
     * @return true when this call removed it (false: not expired, or someone else removed it first)
     */
    public boolean expire(UUID id) {
        Instant now = clock.instant();
        writes.forget(id);
        Optional<Session> removed = store.remove(id, GoneReason.EXPIRED, now, now.plus(config.tombstoneTtl()));
        removed.ifPresent(session -> {
            observer.removed(GoneReason.EXPIRED);
            hub.publish(new SessionEvent.Gone(id, GoneReason.EXPIRED));
        });
        return removed.isPresent();
    }

    /** When a session written at {@code now} expires: from its finish when terminal, else from this write. */
    public Instant expiryOf(Session session, Instant now) {
        return session.status().isTerminal()
                ? session.timeline().finishedAt().plus(config.retention())
                : activeUntil(now);
    }

    /**
     * The session timeout after a write at {@code now}, rounded up to a whole {@code batch.expiry-step}: a stream of
     * writes then moves a session's expiry, and the store's expiry index with it, once per step and not on every
     * report. Never earlier than the exact figure, at most one step later.
     */
    private Instant activeUntil(Instant now) {
        Instant exact = now.plus(config.sessionTimeout());
        long step = config.expiryStep().toMillis();
        if (step <= 0) {
            return exact;
        }
        long millis = exact.toEpochMilli() + (exact.getNano() % 1_000_000 == 0 ? 0 : 1);
        return Instant.ofEpochMilli(Math.floorDiv(millis + step - 1, step) * step);
    }

    public SessionFigures figures(Session session) {
        return SessionFigures.of(session, clock.instant(), config.staleAfter());
    }

    private Session load(UUID id, Instant now) {
        Optional<Session> found = store.find(id);
        if (found.isEmpty()) {
            // 410 only while the tombstone is kept; one past its time answers 404 even before the purge drops it.
            throw store.findTombstone(id)
                    .filter(t -> t.keepUntil().isAfter(now))
                    .<BatchException>map(t -> new SessionGoneException(id, t.reason()))
                    .orElseGet(() -> new SessionNotFoundException(id));
        }
        Session session = found.get();
        if (session.isExpiredAt(now)) {
            throw new SessionGoneException(id, GoneReason.EXPIRED);
        }
        return session;
    }

    /** The synchronous form, for callers on threads that may wait (the demo, tests). */
    private static Session join(CompletionStage<Session> pending) {
        try {
            return pending.toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
