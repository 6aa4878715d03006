package dev.batchtracker.session;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static dev.batchtracker.session.NodeStatus.COMPLETED;
import static dev.batchtracker.session.NodeStatus.FAILED;
import static dev.batchtracker.session.NodeStatus.PENDING;
import static dev.batchtracker.session.NodeStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

/** A node only moves forward: pending → running → completed | failed, running may be skipped. Every cell. */
class NodeStatusTest {

    private static final Map<NodeStatus, Set<NodeStatus>> FORWARD = Map.of(
            PENDING, EnumSet.of(RUNNING, COMPLETED, FAILED),
            RUNNING, EnumSet.of(COMPLETED, FAILED),
            COMPLETED, EnumSet.noneOf(NodeStatus.class),
            FAILED, EnumSet.noneOf(NodeStatus.class));

    static Stream<Arguments> everyPair() {
        return Stream.of(NodeStatus.values())
                .flatMap(from -> Stream.of(NodeStatus.values()).map(to -> Arguments.of(from, to)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("everyPair")
    void precedesIsExactlyForwardProgress(NodeStatus from, NodeStatus to) {
        assertThat(from.precedes(to)).isEqualTo(FORWARD.get(from).contains(to));
    }

    @ParameterizedTest
    @EnumSource(NodeStatus.class)
    void terminalNodesAreTheFinishedOnes(NodeStatus status) {
        assertThat(status.isTerminal()).isEqualTo(status == COMPLETED || status == FAILED);
        assertThat(status.isTerminal()).isEqualTo(FORWARD.get(status).isEmpty());
    }
}
