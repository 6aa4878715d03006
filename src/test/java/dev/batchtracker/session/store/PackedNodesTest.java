package dev.batchtracker.session.store;

import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PackedNodesTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456789Z");

    private static final List<NodeResult> NODES = List.of(
            new NodeResult("z-last", NodeStatus.COMPLETED, "{\"rows\":1}", null, AT.minusSeconds(9), AT, AT),
            NodeResult.pending("ünïcødé", Instant.EPOCH),
            new NodeResult("b", NodeStatus.FAILED, null, "e".repeat(300), AT, AT.plusNanos(1), AT.plusNanos(1)),
            new NodeResult("a", NodeStatus.RUNNING, null, null, AT, null, AT),
            new NodeResult("\uD83D\uDE00", NodeStatus.FAILED, null, "", null, AT, AT));

    @Test
    void keepsWhatCompactionKeepsOfEveryNodeInNodeIdOrder() {
        PackedNodes packed = PackedNodes.of(NODES);

        List<NodeResult> expected = NODES.stream().map(NodeResult::compacted)
                .sorted((x, y) -> KeyOrder.NODE_IDS.compare(x.nodeId(), y.nodeId())).toList();
        assertThat(packed.all()).isEqualTo(expected);
        assertThat(packed.size()).isEqualTo(5);
        assertThat(packed.all()).extracting(NodeResult::nodeId)
                .containsExactly("a", "b", "z-last", "ünïcødé", "\uD83D\uDE00");
        assertThat(packed.find("b").error()).hasSize(NodeResult.COMPACTED_ERROR_LENGTH);
        assertThat(packed.find("ünïcødé")).isEqualTo(NodeResult.pending("ünïcødé", Instant.EPOCH));
        assertThat(packed.find("missing")).isNull();
    }

    @Test
    void decodesWhatItEncoded() {
        PackedNodes packed = PackedNodes.of(NODES);

        PackedNodes read = PackedNodes.decode(packed.encoded());

        assertThat(read.all()).isEqualTo(packed.all());
        assertThat(read.size()).isEqualTo(packed.size());
        assertThat(PackedNodes.decode(PackedNodes.of(List.of()).encoded()).all()).isEmpty();
    }

    @Test
    void pagesByStatusAfterANodeId() {
        PackedNodes packed = PackedNodes.of(NODES);

        assertThat(packed.page(null, "b", 2)).extracting(NodeResult::nodeId).containsExactly("z-last", "ünïcødé");
        assertThat(packed.page(NodeStatus.FAILED, null, 10)).extracting(NodeResult::nodeId)
                .containsExactly("b", "\uD83D\uDE00");
        assertThat(packed.page(NodeStatus.FAILED, "b", 10)).extracting(NodeResult::nodeId)
                .containsExactly("\uD83D\uDE00");
        assertThat(packed.page(NodeStatus.PENDING, "ünïcødé", 10)).isEmpty();
    }

    @Test
    void isSmallerThanTheResultsItDropped() {
        List<NodeResult> many = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> new NodeResult("node-" + i, NodeStatus.COMPLETED, "x".repeat(1024), null,
                        AT.minusSeconds(i), AT, AT))
                .toList();

        assertThat(PackedNodes.of(many).encoded().length).isLessThan(100 * 40);
    }
}
