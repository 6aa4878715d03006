package dev.batchtracker.session;

import java.util.List;

/** A group of nodes run in parallel. */
public record NodeGroup(String groupId, List<String> nodeIds) {
    public NodeGroup {
        nodeIds = List.copyOf(nodeIds);
    }
}
