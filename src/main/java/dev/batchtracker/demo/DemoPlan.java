package dev.batchtracker.demo;

import dev.batchtracker.session.NodeGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** What one simulated executor runs: a canvas, its groups of nodes (run one group after another) and metadata. */
record DemoPlan(String canvasPath, List<NodeGroup> groups, String metadataJson) {

    private static final String[] CANVASES = {
            "canvases/invoice-ingest", "canvases/nightly-embeddings", "canvases/catalog-sync",
            "canvases/report-render", "canvases/image-thumbnails", "canvases/log-rollup",
            "canvases/fraud-scoring", "canvases/search-reindex"};

    private static final String[][] STAGES = {
            {"fetch", "parse", "store"}, {"extract", "transform", "load"}, {"split", "embed", "index", "verify"},
            {"download", "resize", "upload"}, {"scan", "score", "notify"}};

    DemoPlan {
        groups = List.copyOf(groups);
    }

    /** A plan with 2–4 groups of 3–9 nodes: small enough to watch finish, big enough to see progress move. */
    static DemoPlan random(DemoScenario scenario, int serial, RandomGenerator random) {
        String canvas = CANVASES[random.nextInt(CANVASES.length)] + ".canvas";
        String[] stages = STAGES[random.nextInt(STAGES.length)];
        int groupCount = Math.min(stages.length, 2 + random.nextInt(3));
        List<NodeGroup> groups = new ArrayList<>(groupCount);
        for (int g = 0; g < groupCount; g++) {
            int nodes = 3 + random.nextInt(7);
            List<String> ids = new ArrayList<>(nodes);
            for (int n = 1; n <= nodes; n++) {
                ids.add(String.format("%s-%02d", stages[g], n));
            }
            groups.add(new NodeGroup(stages[g], ids));
        }
        String metadata = "{\"demo\":true,\"scenario\":\"" + scenario.label() + "\",\"executor\":\"demo-executor-"
                + serial + "\"}";
        return new DemoPlan(canvas, groups, metadata);
    }

    int nodeCount() {
        return groups.stream().mapToInt(g -> g.nodeIds().size()).sum();
    }
}
