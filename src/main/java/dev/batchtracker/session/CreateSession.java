package dev.batchtracker.session;

import java.util.List;

/**
 * A request to open a session, already checked for shape at the edge.
 *
 * @param nodeCount null when the node set comes from {@code groups}
 * @param groups empty when none
 * @param metadataJson raw JSON object text, or null
 * @param labels checked already ({@link Labels#of}); {@link Labels#NONE} when none
 * @param idempotencyKey null when none
 * @param fingerprint a digest of the request, compared when the idempotency key is seen again
 */
public record CreateSession(String canvasPath, Integer nodeCount, List<NodeGroup> groups, String metadataJson,
                            Labels labels, String idempotencyKey, String fingerprint) {
    public CreateSession {
        groups = groups == null ? List.of() : List.copyOf(groups);
        labels = labels == null ? Labels.NONE : labels;
    }

    /** A request without labels. */
    public CreateSession(String canvasPath, Integer nodeCount, List<NodeGroup> groups, String metadataJson,
                         String idempotencyKey, String fingerprint) {
        this(canvasPath, nodeCount, groups, metadataJson, Labels.NONE, idempotencyKey, fingerprint);
    }
}
