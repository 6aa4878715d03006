package dev.batchtracker.session;

/**
 * Per-status node counters of one session. They change only through {@link #move}, which is applied together
 * with the node result it describes in one version-checked write, so they always equal a recount of the results.
 */
public record NodeCounts(int completed, int failed, int running) {

    public static final NodeCounts NONE = new NodeCounts(0, 0, 0);

    /** The counters after one node moved from {@code from} (null when the node was not known yet) to {@code to}. */
    public NodeCounts move(NodeStatus from, NodeStatus to) {
        return minus(from).plus(to);
    }

    public int finished() {
        return completed + failed;
    }

    /** Nodes with a result of any kind (pending entries of a grouped session excluded). */
    public int known() {
        return completed + failed + running;
    }

    public int pending(int nodeCount) {
        return Math.max(0, nodeCount - known());
    }

    /** A pure recount, for checks and for stores that rebuild counters from stored results. */
    public static NodeCounts of(Iterable<NodeStatus> statuses) {
        NodeCounts counts = NONE;
        for (NodeStatus status : statuses) {
            counts = counts.plus(status);
        }
        return counts;
    }

    private NodeCounts plus(NodeStatus status) {
        return add(status, 1);
    }

    private NodeCounts minus(NodeStatus status) {
        return status == null ? this : add(status, -1);
    }

    private NodeCounts add(NodeStatus status, int delta) {
        return switch (status) {
            case PENDING -> this;
            case RUNNING -> new NodeCounts(completed, failed, running + delta);
            case COMPLETED -> new NodeCounts(completed + delta, failed, running);
            case FAILED -> new NodeCounts(completed, failed + delta, running);
        };
    }
}
