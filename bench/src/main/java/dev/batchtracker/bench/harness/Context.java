package dev.batchtracker.bench.harness;

/**
 * What the steps of one run share: the options, the report, the load generator, and the memory store's
 * node-report point, which the store step divides by.
 */
final class Context {
    final Options options;
    final Report report;
    final Load load;
    Load.Point memoryNodeReport;

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
