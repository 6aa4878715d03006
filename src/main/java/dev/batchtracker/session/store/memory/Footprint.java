package dev.batchtracker.session.store.memory;

import dev.batchtracker.session.NodeGroup;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.Session;

import java.util.Collection;

/**
 * A heap estimate of what the in-memory store holds, from the shapes of its objects on a 64-bit JVM with
 * compressed oops. It is an estimate, checked against measured heap by the benchmarks, not a measurement.
 */
final class Footprint {
    static final long STORE_BASE = 4_096;
    /** Session record, its entry and map node, two index keys, a node map, an empty history list. */
    private static final long SESSION = 560;
    /** One history entry: the record, an Instant, a list slot. */
    private static final long TRANSITION = 72;
    /** A node result record, its skip-list node and index levels, and the Instants it usually carries. */
    private static final long NODE = 168;
    static final long TOMBSTONE = 160;

    private Footprint() {
    }

    static long of(Session session, Collection<NodeResult> nodes) {
        long bytes = SESSION + text(session.canvasPath()) + text(session.metadataJson()) + text(session.reason())
                + text(session.idempotencyKey()) + text(session.requestFingerprint())
                + (long) session.history().size() * TRANSITION;
        for (var transition : session.history()) {
            bytes += text(transition.reason());
        }
        for (NodeGroup group : session.groups()) {
            bytes += 48 + text(group.groupId());
            for (String nodeId : group.nodeIds()) {
                bytes += 4 + text(nodeId);
            }
        }
        for (NodeResult node : nodes) {
            bytes += NODE + text(node.nodeId()) + text(node.resultJson()) + text(node.error());
        }
        return bytes;
    }

    /** A String: header and array header, plus one byte per char (compact strings for Latin-1 text). */
    private static long text(String value) {
        return value == null ? 0 : 40 + value.length();
    }
}
