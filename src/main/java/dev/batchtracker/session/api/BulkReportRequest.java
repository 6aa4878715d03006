package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.batchtracker.session.api.validation.RawJsonDeserializer;
import dev.batchtracker.session.api.validation.Validated;
import dev.batchtracker.session.api.validation.Violations;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.time.Instant;
import java.util.List;

/** Body of POST …/{task_id}/nodes: several node reports applied together, all or nothing. */
@RegisterForReflection
public record BulkReportRequest(List<Item> reports) implements Validated {

    /** One report: a node report body with the node's id in it. */
    @RegisterForReflection
    public record Item(
            String nodeId,
            String status,
            @JsonDeserialize(using = RawJsonDeserializer.class) String result,
            String error,
            Instant startedAt,
            Instant finishedAt) implements Validated {

        @Override
        public void validate(Violations violations) {
            violations.notNull("node_id", nodeId).size("node_id", nodeId, 1, Limits.NODE_ID_CHARS);
            NodeReportRequest.validateReport(violations, status, result, error);
        }
    }

    @Override
    public void validate(Violations violations) {
        violations.notNull("reports", reports)
                .count("reports", reports, 1, Limits.BULK_REPORTS_MAX)
                .eachOf("reports", reports);
    }
}
