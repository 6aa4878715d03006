package dev.batchtracker.session.store;

import dev.batchtracker.session.Labels;
import dev.batchtracker.session.NodeCounts;
import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Origin;
import dev.batchtracker.session.Plan;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.Transition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builds stored values for store tests: a plain pending session at a given time, with a setter per field a test
 * cares about. Every Instant is at millisecond precision, the precision every store keeps.
 */
public final class SessionFixture {
    private UUID id = UUID.randomUUID();
    private String canvasPath = "canvases/nightly.json";
    private SessionStatus status = SessionStatus.PENDING;
    private int nodeCount = 3;
    private List<NodeGroup> groups = List.of();
    private String metadataJson = "{}";
    private Labels labels = Labels.NONE;
    private NodeCounts counts = NodeCounts.NONE;
    private double reportedProgress;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant lastActivityAt;
    private Instant startedAt;
    private Instant finishedAt;
    private Instant lastNodeFinishedAt;
    private Instant expiresAt;
    private long version = 1;
    private String reason;
    private List<Transition> history = List.of();
    private String idempotencyKey;
    private String requestFingerprint;

    private SessionFixture(Instant at) {
        createdAt = at;
        updatedAt = at;
        lastActivityAt = at;
        expiresAt = at.plus(Duration.ofMinutes(30));
    }

    /** A pending session created, last written and active at {@code at}, expiring 30 minutes later. */
    public static SessionFixture at(Instant at) {
        return new SessionFixture(at);
    }

    public static NodeResult node(String nodeId, NodeStatus status, Instant at) {
        return switch (status) {
            case PENDING -> NodeResult.pending(nodeId, at);
            case RUNNING -> new NodeResult(nodeId, status, null, null, at, null, at);
            case COMPLETED -> new NodeResult(nodeId, status, "{\"ok\":true}", null, at.minusMillis(250), at, at);
            case FAILED -> new NodeResult(nodeId, status, null, "boom", at.minusMillis(250), at, at);
        };
    }

    public SessionFixture id(UUID value) {
        id = value;
        return this;
    }

    public SessionFixture canvasPath(String value) {
        canvasPath = value;
        return this;
    }

    public SessionFixture status(SessionStatus value) {
        status = value;
        return this;
    }

    public SessionFixture nodeCount(int value) {
        nodeCount = value;
        return this;
    }

    public SessionFixture groups(List<NodeGroup> value) {
        groups = value;
        return this;
    }

    public SessionFixture metadataJson(String value) {
        metadataJson = value;
        return this;
    }

    public SessionFixture labels(Map<String, String> value) {
        labels = Labels.of(value);
        return this;
    }

    public SessionFixture counts(NodeCounts value) {
        counts = value;
        return this;
    }

    public SessionFixture reportedProgress(double value) {
        reportedProgress = value;
        return this;
    }

    public SessionFixture createdAt(Instant value) {
        createdAt = value;
        return this;
    }

    public SessionFixture updatedAt(Instant value) {
        updatedAt = value;
        return this;
    }

    public SessionFixture lastActivityAt(Instant value) {
        lastActivityAt = value;
        return this;
    }

    public SessionFixture startedAt(Instant value) {
        startedAt = value;
        return this;
    }

    public SessionFixture finishedAt(Instant value) {
        finishedAt = value;
        return this;
    }

    public SessionFixture lastNodeFinishedAt(Instant value) {
        lastNodeFinishedAt = value;
        return this;
    }

    public SessionFixture expiresAt(Instant value) {
        expiresAt = value;
        return this;
    }

    public SessionFixture version(long value) {
        version = value;
        return this;
    }

    public SessionFixture reason(String value) {
        reason = value;
        return this;
    }

    public SessionFixture history(List<Transition> value) {
        history = value;
        return this;
    }

    public SessionFixture idempotencyKey(String value) {
        idempotencyKey = value;
        return this;
    }

    public SessionFixture requestFingerprint(String value) {
        requestFingerprint = value;
        return this;
    }

    public Session build() {
        Timeline timeline = Timeline.builder()
                .createdAt(createdAt)
                .updatedAt(updatedAt)
                .lastActivityAt(lastActivityAt)
                .startedAt(startedAt)
                .finishedAt(finishedAt)
                .lastNodeFinishedAt(lastNodeFinishedAt)
                .expiresAt(expiresAt)
                .build();
        return new Session(id, new Plan(canvasPath, nodeCount, groups, metadataJson, labels), status, counts,
                reportedProgress, timeline, version, reason, history, Origin.of(idempotencyKey, requestFingerprint));
    }
}
