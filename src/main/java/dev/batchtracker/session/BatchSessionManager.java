package dev.batchtracker.session;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.session.metrics.BatchMeters;
import dev.batchtracker.session.store.SessionStore;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Owns the rules: transitions, node accounting, progress, expiry. It speaks neither HTTP nor SQL; it reads from
 * the store, derives the next value with the domain's pure functions and writes it back with a version check,
 * retrying when a concurrent writer got there first.
 */
@ApplicationScoped
public class BatchSessionManager {

    /** Plenty for any realistic contention on one session; past it the client gets a retryable 503. */
    static final int MAX_ATTEMPTS = 1_000;
    public static final String ALL_NODES_FINISHED = "all nodes finished";

    private final SessionStore store;
    private final SessionEventHub hub;
    private final Clock clock;
    private final BatchConfig config;
    private final BatchMeters meters;

    public BatchSessionManager(SessionStore store, SessionEventHub hub, Clock clock, BatchConfig config,
                               BatchMeters meters) {
        this.store = store;
        this.hub = hub;
        this.clock = clock;
        this.config = config;
        this.meters = meters;
    }

    /** The outcome of a create: {@code replayed} when an Idempotency-Key matched an earlier create. */
    public record Created(Session session, boolean replayed) {
    }

    public Created create(CreateSession request) {
        List<NodeGroup> groups = request.groups();
        List<String> nodeIds = nodeSetOf(groups);
        int nodeCount = nodeCountOf(request, nodeIds);
        Plan plan = new Plan(request.canvasPath(), nodeCount, groups,
                request.metadataJson() == null ? "{}" : request.metadataJson());
        Origin origin = Origin.of(request.idempotencyKey(), request.fingerprint());
        while (true) {
            if (store.count() >= config.maxSessions()) {
                throw new CapacityExceededException("The service holds its maximum of " + config.maxSessions()
                        + " sessions; retry after the cleanup has removed expired ones");
            }
            Instant now = clock.instant();
            Session session = Session.pending(UUID.randomUUID(), plan, Timeline.created(now, config.sessionTimeout()),
                    origin);
            List<NodeResult> pendingNodes = new ArrayList<>(nodeIds.size());
            for (String nodeId : nodeIds) {
                pendingNodes.add(NodeResult.pending(nodeId, now));
            }
            SessionStore.InsertResult result = store.insert(session, pendingNodes);
            if (result instanceof SessionStore.InsertResult.Inserted inserted) {
                meters.sessionCreated();
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

    public Page<Session> list(SessionStatus status, String cursor, int limit) {
        Instant now = clock.instant();
        Page<Session> page = store.list(status, cursor, limit);
        // Lazy expiry: what already answers 410 is not listed either.
        return new Page<>(page.items().stream().filter(s -> !s.isExpiredAt(now)).toList(), page.nextCursor());
    }

    public Page<NodeResult> nodes(UUID id, NodeStatus status, String cursor, int limit) {
        get(id);
        return store.nodes(id, status, cursor, limit);
    }

    public Session transition(UUID id, SessionStatus to, String reason) {
        Objects.requireNonNull(to, "to");
        SessionStatus[] from = {null};
        Session result = write(id, (session, now) -> {
            from[0] = null; // only the attempt that wrote may count the move, not one that lost and retried
            if (session.status() == to) {
                return Change.NONE; // already there: a retried request is not an error
            }
            from[0] = session.status();
            return new Change(session.transitionTo(to, reason, now), null);
        });
        if (from[0] != null && result.status() == to) {
            meters.transition(from[0], to);
        }
        return result;
    }

    public Session reportNode(UUID id, String nodeId, NodeReport report) {
        if (report.status() == NodeStatus.PENDING) {
            throw new InvalidRequestException("status", "a node report is running, completed or failed");
        }
        if (report.startedAt() != null && report.finishedAt() != null && report.finishedAt().isBefore(report.startedAt())) {
            throw new InvalidRequestException("finished_at", "finished_at is before started_at");
        }
        SessionStatus[] finishedFrom = {null};
        Session result = write(id, (session, now) -> {
            finishedFrom[0] = null;
            NodeResult current = store.findNode(id, nodeId).orElse(null);
            NodeStatus currentStatus = current == null ? null : current.status();
            if (currentStatus != null && currentStatus.isTerminal() && currentStatus == report.status()) {
                return Change.NONE; // an identical repeat of a terminal report, accepted even after the finish
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
                return Change.NONE; // running again, or running after a finish: nothing moves backwards
            }
            NodeResult next = nextResult(nodeId, current, report, now);
            NodeCounts counts = session.counts().move(currentStatus, report.status());
            Session updated = session.withCounts(counts, report.status().isTerminal() ? now : null);
            if (updated.plan().nodeCount() > 0 && counts.finished() == updated.plan().nodeCount()) {
                finishedFrom[0] = updated.status();
                updated = updated.transitionTo(SessionStatus.outcomeOf(counts), ALL_NODES_FINISHED, now);
            }
            return new Change(updated, next);
        });
        if (finishedFrom[0] != null) {
            meters.transition(finishedFrom[0], result.status());
        }
        return result;
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
        if (!Double.isFinite(percent) || percent < 0 || percent > 100) {
            throw new InvalidRequestException("progress_percent", "progress_percent must be a number from 0 to 100");
        }
        return write(id, (session, now) -> {
            double shown = SessionFigures.progressPercent(session);
            if (session.status() != SessionStatus.RUNNING) {
                if (session.status().isTerminal() && percent == shown) {
                    return Change.NONE;
                }
                throw new ConflictException("session-not-running", "Progress is accepted only while the session is running");
            }
            if (percent < shown) {
                throw new ConflictException("progress-decrease",
                        "Progress never decreases: it is " + shown + ", the report says " + percent);
            }
            if (percent == shown) {
                return Change.NONE;
            }
            return new Change(session.withReportedProgress(percent), null);
        });
    }

    /** Activity without change: clears staleness and extends expiry of a session that is not finished. */
    public void heartbeat(UUID id) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Session session = load(id, now);
            if (session.status().isTerminal()) {
                return; // its expiry runs from finished_at; a late heartbeat changes nothing
            }
            if (store.touch(id, session.version(), now, expiryOf(session, now))) {
                return;
            }
        }
        throw new ConcurrentUpdateException("Too many concurrent writes to session " + id + "; retry");
    }

    public void delete(UUID id) {
        Instant now = clock.instant();
        load(id, now);
        Optional<Session> removed = store.remove(id, GoneReason.DELETED, now, now.plus(config.tombstoneTtl()));
        if (removed.isEmpty()) {
            load(id, now); // removed concurrently: answer as a read would now (410 or 404)
            return;
        }
        meters.sessionRemoved(GoneReason.DELETED);
        hub.publish(new SessionEvent.Gone(id, GoneReason.DELETED));
    }

    /**
     * Removes a session if it has expired by now, leaving a tombstone and telling its subscribers.
     *
     * @return true when this call removed it (false: not expired, or someone else removed it first)
     */
    public boolean expire(UUID id) {
        Instant now = clock.instant();
        Optional<Session> removed = store.remove(id, GoneReason.EXPIRED, now, now.plus(config.tombstoneTtl()));
        removed.ifPresent(session -> {
            meters.sessionRemoved(GoneReason.EXPIRED);
            hub.publish(new SessionEvent.Gone(id, GoneReason.EXPIRED));
        });
        return removed.isPresent();
    }

    /** When a session written at {@code now} expires: from its finish when terminal, else from this write. */
    public Instant expiryOf(Session session, Instant now) {
        return session.status().isTerminal()
                ? session.timeline().finishedAt().plus(config.retention())
                : now.plus(config.sessionTimeout());
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

    /** What a write wants to store: the next header (null for "nothing to do") and the node it touches. */
    private record Change(Session next, NodeResult node) {
        static final Change NONE = new Change(null, null);
    }

    @FunctionalInterface
    private interface Mutation {
        Change apply(Session current, Instant now);
    }

    /**
     * An accepted request that changed nothing (a retried report, the same progress again) is still a write from
     * a live client: like a heartbeat it extends expiry and clears staleness, without a new version. When the
     * version moved on meanwhile, the write that moved it has recorded activity already.
     */
    private Session recordActivity(Session current, Instant now) {
        if (current.status().isTerminal()) {
            return current; // its expiry runs from finished_at
        }
        Instant expiresAt = expiryOf(current, now);
        return store.touch(current.id(), current.version(), now, expiresAt) ? current.touched(now, expiresAt) : current;
    }

    /** The read–derive–compare-and-set loop every versioned write goes through. */
    private Session write(UUID id, Mutation mutation) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Session current = load(id, now);
            Change change = mutation.apply(current, now);
            if (change.next() == null) {
                return recordActivity(current, now);
            }
            Session next = change.next().written(now, expiryOf(change.next(), now));
            if (store.update(next, current.version(), change.node())) {
                if (change.node() != null) {
                    meters.nodeResult(change.node().status());
                }
                hub.publish(new SessionEvent.Changed(next));
                return next;
            }
            Thread.onSpinWait();
        }
        throw new ConcurrentUpdateException("Too many concurrent writes to session " + id + "; retry");
    }
}
