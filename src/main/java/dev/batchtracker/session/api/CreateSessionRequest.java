package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.batchtracker.session.api.validation.RawJsonObjectDeserializer;
import dev.batchtracker.session.api.validation.Validated;
import dev.batchtracker.session.api.validation.Violations;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;
import java.util.Map;

/**
 * Body of POST /api/v1/parallel/sessions. The upper bound of node_count is configuration
 * ({@code batch.max-nodes}), so the manager checks it; everything fixed is checked here.
 *
 * @param metadata compact JSON object text, or null
 * @param labels null when none; its rules are the domain's ({@link dev.batchtracker.session.Labels#of}), checked
 *        when the command is made. A value that is not a string fails binding, naming {@code labels.<key>}.
 */
@RegisterForReflection
public record CreateSessionRequest(
        String canvasPath,
        Integer nodeCount,
        List<GroupRequest> groups,
        @JsonDeserialize(using = RawJsonObjectDeserializer.class) String metadata,
        Map<String, String> labels) implements Validated {

    @Override
    public void validate(Violations violations) {
        violations.notBlank("canvas_path", canvasPath)
                .size("canvas_path", canvasPath, 0, Limits.CANVAS_PATH_CHARS)
                .atLeast("node_count", nodeCount, 0)
                .eachOf("groups", groups)
                .maxUtf8Bytes("metadata", metadata, Limits.METADATA_BYTES);
    }

    /** A request without labels. */
    public CreateSessionRequest(String canvasPath, Integer nodeCount, List<GroupRequest> groups, String metadata) {
        this(canvasPath, nodeCount, groups, metadata, null);
    }

    @RegisterForReflection
    public record GroupRequest(String groupId, List<String> nodeIds) implements Validated {

        @Override
        public void validate(Violations violations) {
            violations.notBlank("group_id", groupId)
                    .size("group_id", groupId, 0, Limits.GROUP_ID_CHARS)
                    .notNull("node_ids", nodeIds);
            if (nodeIds != null) {
                for (int i = 0; i < nodeIds.size(); i++) {
                    String field = "node_ids[" + i + "]";
                    violations.notNull(field, nodeIds.get(i)).size(field, nodeIds.get(i), 1, Limits.NODE_ID_CHARS);
                }
            }
        }
    }
}
