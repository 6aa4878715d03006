package dev.batchtracker.session;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one combined write works on: the session as read, changed by each request's mutation in arrival order, and
 * the node results those mutations read or wrote. Mutations change it only through these methods, which keep an
 * undo journal, so a request refused half-way (a bulk report whose fifth item conflicts) leaves no trace for the
 * requests after it.
 */
final class WorkingSession {

    /** A status move made by this write, for the observers. */
    record Move(SessionStatus from, SessionStatus to) {
    }

    /** Where {@link #rollback} returns to. */
    record Mark(Session session, int journal, int moves, int recorded) {
    }

    private record NodeUndo(String nodeId, NodeResult previous) {
    }

    private final Session read;
    private final Map<String, NodeResult> stored;
    private final Map<String, NodeResult> written = new LinkedHashMap<>();
    private final Deque<NodeUndo> journal = new ArrayDeque<>();
    private final List<Move> moves = new ArrayList<>();
    private final List<NodeStatus> recorded = new ArrayList<>();
    private Session session;

    /**
     * @param stored the stored results of the nodes the mutations will read (an absent key: no result yet)
     */
    WorkingSession(Session read, Map<String, NodeResult> stored) {
        this.read = read;
        this.stored = stored;
        this.session = read;
    }

    Session session() {
        return session;
    }

    /** The node's latest result in this write: written by an earlier request of it, else as stored, else null. */
    NodeResult node(String nodeId) {
        NodeResult mine = written.get(nodeId);
        return mine != null ? mine : stored.get(nodeId);
    }

    void replace(Session next) {
        session = next;
    }

    /** The one guarded status move, recorded for the observers. */
    void transition(SessionStatus to, String reason, Instant at) {
        SessionStatus from = session.status();
        session = session.transitionTo(to, reason, at);
        moves.add(new Move(from, to));
    }

    void record(NodeResult result) {
        journal.push(new NodeUndo(result.nodeId(), written.get(result.nodeId())));
        written.put(result.nodeId(), result);
        recorded.add(result.status());
    }

    Mark mark() {
        return new Mark(session, journal.size(), moves.size(), recorded.size());
    }

    void rollback(Mark mark) {
        while (journal.size() > mark.journal()) {
            NodeUndo undo = journal.pop();
            if (undo.previous() == null) {
                written.remove(undo.nodeId());
            } else {
                written.put(undo.nodeId(), undo.previous());
            }
        }
        moves.subList(mark.moves(), moves.size()).clear();
        recorded.subList(mark.recorded(), recorded.size()).clear();
        session = mark.session();
    }

    boolean changed() {
        return session != read;
    }

    Collection<NodeResult> writtenNodes() {
        return written.values();
    }

    List<Move> moves() {
        return moves;
    }

    List<NodeStatus> recorded() {
        return recorded;
    }
}
