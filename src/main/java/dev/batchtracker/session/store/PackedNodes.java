package dev.batchtracker.session.store;

import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The node results of a compacted session, packed into one byte array: per node its id, status, three times and
 * the cut error ({@link NodeResult#compacted()}), in node id order ({@link KeyOrder#NODE_IDS}). A compacted session
 * is read rarely and never written, so its nodes trade read speed (each read decodes) for size: a node result costs
 * ~200 bytes of objects in a hash map, or a row and two index entries in SQL, before its texts; packed it costs its
 * id and error bytes and ~20 bytes more (BENCHMARKS.md, compaction). The memory store keeps the array, the SQL
 * stores one {@code batch_node_packed} row per session.
 */
public final class PackedNodes {

    private static final NodeStatus[] STATUSES = NodeStatus.values();
    /** The array's object header and length, the holder object and its reference. */
    private static final long OVERHEAD = 16 + 16;

    private final byte[] bytes;
    private final int size;

    private PackedNodes(byte[] bytes, int size) {
        this.bytes = bytes;
        this.size = size;
    }

    public static PackedNodes of(Collection<NodeResult> nodes) {
        List<NodeResult> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(NodeResult::nodeId, KeyOrder.NODE_IDS));
        ByteArrayOutputStream out = new ByteArrayOutputStream(sorted.size() * 40);
        for (NodeResult node : sorted) {
            node = node.compacted();
            text(out, node.nodeId());
            out.write(node.status().ordinal());
            time(out, node.startedAt());
            time(out, node.finishedAt());
            time(out, node.updatedAt());
            text(out, node.error());
        }
        return new PackedNodes(out.toByteArray(), sorted.size());
    }

    /** The nodes {@link #encoded()} gave. */
    public static PackedNodes decode(byte[] encoded) {
        PackedNodes packed = new PackedNodes(encoded.clone(), 0);
        int count = 0;
        for (Reader in = packed.new Reader(); in.at < packed.bytes.length; in.node()) {
            count++;
        }
        return new PackedNodes(packed.bytes, count);
    }

    /** The packed form, to store. */
    public byte[] encoded() {
        return bytes.clone();
    }

    public int size() {
        return size;
    }

    /** Heap held: the array and its holder. */
    public long footprint() {
        return OVERHEAD + bytes.length;
    }

    /** Every node, in node id order (results absent, as compaction left them). */
    public List<NodeResult> all() {
        List<NodeResult> nodes = new ArrayList<>(size);
        Reader in = new Reader();
        while (in.at < bytes.length) {
            nodes.add(in.node());
        }
        return nodes;
    }

    /**
     * Up to {@code max} nodes in node id order, of one status or all (null), strictly after the node id
     * {@code after} (null: from the first): what a page of a store's node listing reads.
     */
    public List<NodeResult> page(NodeStatus status, String after, int max) {
        List<NodeResult> page = new ArrayList<>(Math.min(max, size));
        for (NodeResult node : all()) {
            if (page.size() >= max) {
                break;
            }
            if ((status == null || node.status() == status)
                    && (after == null || KeyOrder.NODE_IDS.compare(node.nodeId(), after) > 0)) {
                page.add(node);
            }
        }
        return page;
    }

    public NodeResult find(String nodeId) {
        Reader in = new Reader();
        while (in.at < bytes.length) {
            NodeResult node = in.node();
            if (node.nodeId().equals(nodeId)) {
                return node;
            }
        }
        return null;
    }

    private static void text(ByteArrayOutputStream out, String value) {
        if (value == null) {
            varLong(out, 0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        varLong(out, utf8.length + 1L);
        out.write(utf8, 0, utf8.length);
    }

    /** 0 for none, else epoch second + 1 (times are never before 1970 here) and the nanoseconds. */
    private static void time(ByteArrayOutputStream out, Instant at) {
        if (at == null) {
            varLong(out, 0);
            return;
        }
        varLong(out, at.getEpochSecond() + 1);
        varLong(out, at.getNano());
    }

    private static void varLong(ByteArrayOutputStream out, long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private final class Reader {
        int at;

        NodeResult node() {
            String id = text();
            NodeStatus status = STATUSES[bytes[at++]];
            Instant startedAt = time();
            Instant finishedAt = time();
            Instant updatedAt = time();
            return new NodeResult(id, status, null, text(), startedAt, finishedAt, updatedAt);
        }

        private String text() {
            long length = varLong();
            if (length == 0) {
                return null;
            }
            int n = (int) (length - 1);
            String value = new String(bytes, at, n, StandardCharsets.UTF_8);
            at += n;
            return value;
        }

        private Instant time() {
            long second = varLong();
            return second == 0 ? null : Instant.ofEpochSecond(second - 1, varLong());
        }

        private long varLong() {
            long value = 0;
            int shift = 0;
            while (true) {
                byte b = bytes[at++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
                shift += 7;
            }
        }
    }
}
