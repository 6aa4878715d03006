package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * (5) Retained heap per session with 0, 100 and 10,000 node results (heap after full GCs, before and after
 * seeding), and how far the service's own estimate (memory_usage_mb, StoreStats.approxBytes) is from it.
 */
final class MemoryStep implements Step {

    @Override
    public String name() {
        return "memory";
    }

    private record Case(String name, int sessions, int nodes) {
    }

    @Override
    public void run(Context context) throws Exception {
        Options.Memory m = context.options.memory();
        List<Case> cases = List.of(new Case("no node results", m.emptySessions(), 0),
                new Case("100 node results", m.sessionsWith100(), 100),
                new Case("10,000 node results", m.sessionsWith10k(), 10_000));
        try (Server server = Server.start(context.options, "memory", Context.serverJvm("4g"),
                Map.of("batch.max-sessions", "10000000", "batch.max-store-memory", "1T"))) {
            server.awaitReady(Duration.ofMinutes(2));
            Api api = new Api(server.port());
            long heapBase = api.heapAfterGc();
            long estimateBase = api.storeFigures().get("approx_bytes").asLong();
            double metricsBase = memoryUsageMb(api);
            List<List<String>> rows = new ArrayList<>();
            double perEmpty = Double.NaN;
            double perNodeSmall = Double.NaN;
            double perNodeLarge = Double.NaN;
            long heapBefore = heapBase;
            long estimateBefore = estimateBase;
            for (Case c : cases) {
                api.seed(c.sessions(), Math.max(10, c.nodes()), c.nodes(), 2, true);
                long heap = api.heapAfterGc();
                long estimate = api.storeFigures().get("approx_bytes").asLong();
                double perSession = (double) (heap - heapBefore) / c.sessions();
                double estimatePerSession = (double) (estimate - estimateBefore) / c.sessions();
                String perNode = "–";
                if (c.nodes() == 0) {
                    perEmpty = perSession;
                } else {
                    double node = (perSession - perEmpty) / c.nodes();
                    perNode = Report.bytes(node);
                    if (c.nodes() == 100) {
                        perNodeSmall = node;
                    } else {
                        perNodeLarge = node;
                    }
                }
                rows.add(List.of(c.name(), String.format(Locale.ROOT, "%,d", c.sessions()), Report.bytes(perSession),
                        perNode, Report.bytes(estimatePerSession),
                        percent(estimatePerSession / perSession - 1)));
                heapBefore = heap;
                estimateBefore = estimate;
            }
            double measuredMb = (heapBefore - heapBase) / (1024.0 * 1024.0);
            double metricsMb = memoryUsageMb(api);
            double estimateMb = (estimateBefore - estimateBase) / (1024.0 * 1024.0);
            boolean fromMetrics = !Double.isNaN(metricsMb);
            double reportedMb = fromMetrics ? metricsMb - (Double.isNaN(metricsBase) ? 0 : metricsBase) : estimateMb;
            double deviation = reportedMb / measuredMb - 1;
            context.report.section("5. Memory per session")
                    .text("Retained heap measured in the service process (`-Xms4g -Xmx4g`, in-memory store): heap in use"
                            + " after three full GCs (`System.gc()` via a benchmark-build endpoint), before and after"
                            + " seeding each case through the manager. Sessions have a 31-character canvas path and no"
                            + " metadata; each node is reported `running`, then `completed` with a result `{\"rows\":N}`"
                            + " (node id `node-N`; every text a string of its own, as a parsed request body gives)."
                            + " Per node result = (per session of the case − per session without nodes) ÷ nodes."
                            + " \"Estimate\" is the store's own `StoreStats.approxBytes` (what `memory_usage_mb` shows).")
                    .table(List.of("sessions with", "sessions", "heap per session", "heap per node result",
                            "estimate per session", "estimate vs measured"), rows)
                    .table(List.of("all cases together", "MiB"), List.of(
                            List.of("measured heap growth", Report.num(measuredMb)),
                            List.of("memory_usage_mb growth (metrics endpoint)", fromMetrics
                                    ? Report.num(metricsMb - (Double.isNaN(metricsBase) ? 0 : metricsBase)) : "unavailable"),
                            List.of("StoreStats.approxBytes growth", Report.num(estimateMb)),
                            List.of("reported vs measured", percent(deviation))));
            context.report.goal("heap per session (no nodes) / per node result (small)", "≤ 1.5 KiB / ≤ 250 B",
                    Report.bytes(perEmpty) + " / " + Report.bytes(perNodeSmall) + " (" + Report.bytes(perNodeLarge)
                            + " at 10,000 nodes)",
                    Report.Verdict.of(perEmpty <= 1536 && perNodeSmall <= 250 && perNodeLarge <= 250));
            context.report.goal("memory_usage_mb vs measured", "within 25 %", percent(deviation)
                            + (fromMetrics ? "" : " (approxBytes: metrics endpoint unavailable)"),
                    Report.Verdict.of(Math.abs(deviation) <= 0.25));
        }
    }

    /**
     * memory_usage_mb as the metrics endpoint shows it. The service caches store figures for a few seconds of its
     * clock; moving the (benchmark) clock on first makes the endpoint take fresh ones.
     */
    private static double memoryUsageMb(Api api) {
        try {
            api.advanceClock(Duration.ofSeconds(10));
            JsonNode metrics = api.metrics();
            JsonNode mb = metrics.get("memory_usage_mb");
            return mb == null || !mb.isNumber() ? Double.NaN : mb.asDouble();
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "–" : String.format(Locale.ROOT, "%+.0f %%", fraction * 100);
    }
}
