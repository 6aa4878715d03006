package dev.batchtracker.session;

/** A node's state. Nodes only move forward: pending → running → completed | failed (running may be skipped). */
public enum NodeStatus {
    PENDING,
    RUNNING,
    COMPLETED,
    FAILED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Whether moving from this state to {@code next} is forward progress. */
    public boolean precedes(NodeStatus next) {
        return switch (this) {
            case PENDING -> next != PENDING;
            case RUNNING -> next.isTerminal();
            case COMPLETED, FAILED -> false;
        };
    }
}
