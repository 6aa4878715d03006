package dev.batchtracker.session.store;

import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What analytics reads of one session's nodes: the execution time of each node that has both ends (ms → how many
 * nodes took it) and the failed nodes, each with its error and when it failed (finish, else its last update).
 */
public record NodeFigures(Map<Long, Long> executionTimes, List<AnalyticsTally.Failure> failures) {

    public NodeFigures {
        executionTimes = Map.copyOf(executionTimes);
        failures = List.copyOf(failures);
    }

    public static NodeFigures of(Iterable<NodeResult> nodes) {
        Map<Long, Long> times = new HashMap<>();
        List<AnalyticsTally.Failure> failures = new ArrayList<>();
        for (NodeResult node : nodes) {
            Long ms = node.executionTimeMs();
            if (ms != null) {
                times.merge(ms, 1L, Long::sum);
            }
            if (node.status() == NodeStatus.FAILED) {
                failures.add(new AnalyticsTally.Failure(node.nodeId(), node.error(),
                        node.finishedAt() != null ? node.finishedAt() : node.updatedAt()));
            }
        }
        return new NodeFigures(times, failures);
    }
}
