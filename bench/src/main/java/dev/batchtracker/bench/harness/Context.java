package dev.batchtracker.bench.harness;

/**
 * What the steps of one run share: the options, the report, the load generator, and points later steps reuse
 * rather than measure again: the memory store's node-report point (the store step divides by it), each store's
 * (the one-session step's spread point), the baseline endpoint's.
 */
final class Context {
    final Options options;
    final Report report;
    final Load load;
    Load.Point memoryNodeReport;
    /** The node-report point spread over 64 sessions, by store ("memory" included), as the steps measured it. */
    final java.util.Map<String, Load.Point> spreadNodeReports = new java.util.HashMap<>();
    /** The HTTP step's baseline endpoint (mean of before and after), or null when it did not run. */
    Load.Point baseline;

    Context(Options options, Report report, Load load) {
        this.options = options;
        this.report = report;
        this.load = load;
    }

    /** JVM options of a measured service process: a fixed heap so runs compare. */
    static java.util.List<String> serverJvm(String heap) {
        return java.util.List.of("-Xms" + heap, "-Xmx" + heap);
    }
}
