package dev.batchtracker.session.store.memory;

import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.Origin;
import dev.batchtracker.session.Plan;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.Timeline;
import dev.batchtracker.session.store.PackedNodes;

import java.time.Instant;
import java.util.Collection;

/**
 * A heap estimate of what the in-memory store holds, from the shapes of its objects on a 64-bit JVM with
 * compressed oops. It is an estimate, not a measurement: the constants were checked against the retained heap
 * the benchmarks measure (bench/, BENCHMARKS.md section 5) and against an object-graph walk.
 */
final class Footprint {
    static final long STORE_BASE = 4_096;
    /**
     * Session record (64) with its plan (32) and timeline (48), UUID (32), store entry (24), map node and table slot
     * (40), the empty node map (64), two index keys with their skip-list nodes and index share (2 × 56), slack.
     * Instants and texts come on top.
     */
    private static final long SESSION = 410;
    /** The origin record of a session created with an Idempotency-Key (key-less ones share one). */
    private static final long ORIGIN = 24;
    /** The node map's first table, allocated with the first node. */
    static final long NODE_TABLE = 80;
    /** One history entry: the record and a list slot (its Instant is counted apart). */
    private static final long TRANSITION = 40;
    /** A node result record (40), its hash-map node (32) and share of the map's table (~8–16). */
    private static final long NODE = 88;
    private static final long INSTANT = 24;
    /** A finished session's key in the compaction index (record and skip-list node), until it is compacted. */
    private static final long FINISH_KEY = 56;
    /** The manager's "{}" for a session without metadata is one shared literal, not a string per session. */
    private static final String NO_METADATA = "{}";
    static final long TOMBSTONE = 160;

    private Footprint() {
    }

    static long of(Session session, Collection<NodeResult> nodes) {
        long bytes = header(session) + groups(session.plan());
        if (!nodes.isEmpty()) {
            bytes += NODE_TABLE;
        }
        for (NodeResult node : nodes) {
            bytes += node(node);
        }
        return bytes;
    }

    /** A compacted session: no node map (its 64 bytes in {@link #SESSION} stand in for the packed array's holder). */
    static long of(Session session, PackedNodes packed) {
        return header(session) + groups(session.plan()) + INSTANT + packed.footprint();
    }

    /**
     * The session without its plan's groups and its nodes: what a write may change besides the nodes. A finished
     * session not yet compacted also holds a key in the compaction index.
     */
    static long header(Session session) {
        Plan plan = session.plan();
        Timeline times = session.timeline();
        Origin origin = session.origin();
        long bytes = SESSION + text(plan.canvasPath()) + text(session.reason())
                + (origin == Origin.NONE ? 0
                        : ORIGIN + text(origin.idempotencyKey()) + text(origin.requestFingerprint()))
                + (NO_METADATA.equals(plan.metadataJson()) ? 0 : text(plan.metadataJson()))
                + INSTANT * distinct(times.createdAt(), times.updatedAt(), times.lastActivityAt(), times.startedAt(),
                times.finishedAt(), times.lastNodeFinishedAt(), times.expiresAt())
                + (long) session.history().size() * TRANSITION
                + (session.status().isTerminal() && !session.isCompacted() ? FINISH_KEY : 0);
        for (var transition : session.history()) {
            bytes += INSTANT + text(transition.reason());
        }
        return bytes;
    }

    /** The plan's groups: fixed at creation, so a write need not count them again. */
    static long groups(Plan plan) {
        long bytes = 0;
        for (NodeGroup group : plan.groups()) {
            bytes += 48 + text(group.groupId());
            for (String nodeId : group.nodeIds()) {
                bytes += 4 + text(nodeId);
            }
        }
        return bytes;
    }

    static long node(NodeResult node) {
        return NODE + text(node.nodeId()) + text(node.resultJson()) + text(node.error())
                + INSTANT * distinct(node.startedAt(), node.finishedAt(), node.updatedAt());
    }

    /** How many different Instant objects the fields hold: one write stamps several fields with the same one. */
    private static int distinct(Instant... instants) {
        int count = 0;
        for (int i = 0; i < instants.length; i++) {
            if (instants[i] == null) {
                continue;
            }
            boolean seen = false;
            for (int j = 0; j < i && !seen; j++) {
                seen = instants[j] == instants[i];
            }
            if (!seen) {
                count++;
            }
        }
        return count;
    }

    /** A String: header and array header, plus one byte per char (compact strings for Latin-1 text). */
    private static long text(String value) {
        return value == null ? 0 : 40 + value.length();
    }
}
