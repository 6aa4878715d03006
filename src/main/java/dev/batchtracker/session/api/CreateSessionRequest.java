package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.batchtracker.session.api.validation.MaxUtf8Bytes;
import dev.batchtracker.session.api.validation.RawJsonObjectDeserializer;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * Body of POST /api/v1/parallel/sessions. The upper bound of node_count is configuration
 * ({@code batch.max-nodes}), so the manager checks it; everything fixed is checked here.
 *
 * @param metadata compact JSON object text, or null
 */
@RegisterForReflection
public record CreateSessionRequest(
        @NotBlank @Size(max = Limits.CANVAS_PATH_CHARS) String canvasPath,
        @PositiveOrZero Integer nodeCount,
        List<@NotNull @Valid GroupRequest> groups,
        @JsonDeserialize(using = RawJsonObjectDeserializer.class) @MaxUtf8Bytes(Limits.METADATA_BYTES) String metadata) {

    @RegisterForReflection
    public record GroupRequest(
            @NotBlank @Size(max = Limits.GROUP_ID_CHARS) String groupId,
            @NotNull List<@NotNull @Size(min = 1, max = Limits.NODE_ID_CHARS) String> nodeIds) {
    }
}
