package dev.batchtracker.session;

import java.util.List;

/**
 * What a session runs: fixed at its creation, never changed by a write.
 *
 * @param nodeCount how many nodes the batch has (the size of the groups' node set when there are groups)
 * @param groups empty when none
 * @param metadataJson raw JSON object text supplied at creation ("{}" when none)
 * @param labels {@link Labels#NONE} when none
 */
public record Plan(String canvasPath, int nodeCount, List<NodeGroup> groups, String metadataJson, Labels labels) {

    public Plan {
        groups = List.copyOf(groups);
        labels = labels == null ? Labels.NONE : labels;
    }
}
