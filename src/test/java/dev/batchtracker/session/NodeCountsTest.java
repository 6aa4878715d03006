package dev.batchtracker.session;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static dev.batchtracker.session.NodeStatus.FAILED;
import static dev.batchtracker.session.NodeStatus.PENDING;
import static dev.batchtracker.session.NodeStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counters are derived: applying {@link NodeCounts#move} once per node change must always equal a recount of the
 * nodes' statuses with {@link NodeCounts#of}. Checked over random report sequences from a fixed seed.
 */
class NodeCountsTest {

    private static final long SEED = 20_250_301L;

    @Test
    void movesAlwaysEqualARecountOverRandomReportSequences() {
        Random random = new Random(SEED);
        NodeStatus[] reportable = {RUNNING, COMPLETED, FAILED};
        int checked = 0;
        for (int run = 0; run < 300; run++) {
            int nodeCount = 1 + random.nextInt(40);
            boolean grouped = random.nextBoolean();
            Map<String, NodeStatus> nodes = new LinkedHashMap<>();
            if (grouped) {
                for (int n = 0; n < nodeCount; n++) {
                    nodes.put("n" + n, PENDING);
                }
            }
            NodeCounts counts = NodeCounts.of(nodes.values());
            assertThat(counts).isEqualTo(NodeCounts.NONE);
            for (int step = 0; step < 200; step++) {
                String nodeId = "n" + random.nextInt(nodeCount);
                NodeStatus next = reportable[random.nextInt(reportable.length)];
                NodeStatus current = nodes.get(nodeId);
                // The manager's rule: a node is created by its first report, and otherwise only moves forward.
                if (current != null && !current.precedes(next)) {
                    continue;
                }
                counts = counts.move(current, next);
                nodes.put(nodeId, next);
                checked++;

                NodeCounts recount = NodeCounts.of(nodes.values());
                assertThat(counts).as("run %d step %d", run, step).isEqualTo(recount);
                long pendingOrUnknown = nodeCount - nodes.values().stream().filter(s -> s != PENDING).count();
                assertThat(counts.pending(nodeCount)).isEqualTo((int) pendingOrUnknown);
                assertThat(counts.finished()).isEqualTo(counts.completed() + counts.failed());
                assertThat(counts.known() + counts.pending(nodeCount)).isEqualTo(nodeCount);
            }
        }
        assertThat(checked).as("the sequences exercised real moves").isGreaterThan(5_000);
    }

    @Test
    void everySingleMoveAdjustsExactlyTheTwoCountersItTouches() {
        NodeCounts start = new NodeCounts(5, 3, 2);
        List<NodeStatus> fromStates = new ArrayList<>(EnumSet.allOf(NodeStatus.class));
        fromStates.add(null);
        for (NodeStatus from : fromStates) {
            for (NodeStatus to : EnumSet.of(RUNNING, COMPLETED, FAILED)) {
                NodeCounts moved = start.move(from, to);
                assertThat(moved.completed()).isEqualTo(5 + delta(COMPLETED, from, to));
                assertThat(moved.failed()).isEqualTo(3 + delta(FAILED, from, to));
                assertThat(moved.running()).isEqualTo(2 + delta(RUNNING, from, to));
            }
        }
    }

    @Test
    void aRecountOfNothingIsNoneAndPendingNodesAreNotKnown() {
        assertThat(NodeCounts.of(List.of())).isEqualTo(NodeCounts.NONE);
        NodeCounts counts = NodeCounts.of(List.of(PENDING, PENDING, RUNNING, COMPLETED, FAILED, FAILED));
        assertThat(counts).isEqualTo(new NodeCounts(1, 2, 1));
        assertThat(counts.known()).isEqualTo(4);
        assertThat(counts.pending(6)).isEqualTo(2);
        assertThat(counts.pending(3)).as("never negative").isZero();
    }

    private static int delta(NodeStatus counter, NodeStatus from, NodeStatus to) {
        return (to == counter ? 1 : 0) - (from == counter ? 1 : 0);
    }
}
