package dev.batchtracker.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** (6) JVM-mode start-up: process launch to the first 200 from /q/health/ready, and the RSS at that moment. */
final class StartupStep implements Step {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public void run(Context context) throws Exception {
        Options options = context.options;
        // One launch first, not counted: it fills the page cache with the jars, as on any machine that ran it before.
        try (Server warm = Server.start(options, "startup-warm", List.of(), Map.of())) {
            warm.awaitReady(Duration.ofMinutes(2));
        }
        List<Double> millis = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= options.startupRuns(); i++) {
            try (Server server = Server.start(options, "startup-" + i, List.of(), Map.of())) {
                double ms = server.awaitReady(Duration.ofMinutes(2)) / 1e6;
                long rss = server.rssBytes();
                millis.add(ms);
                Matcher m = STARTED_IN.matcher(server.log());
                rows.add(List.of(Integer.toString(i), Report.ms(ms), Report.bytes(rss),
                        m.find() ? m.group(1) + " s" : "–"));
            }
        }
        double median = median(millis);
        context.report.section("6. Start-up (JVM mode)")
                .text("`java -jar target/bench/quarkus-app/quarkus-run.jar` with no JVM options (default heap and GC),"
                        + " in-memory store. Time from launching the process to the first 200 from `/q/health/ready`"
                        + " (polled every 2 ms), and the process's RSS right then. One unmeasured launch first warms"
                        + " the page cache. Quarkus's own \"started in\" figure is shown for comparison (it starts later"
                        + " than the process does).")
                .table(List.of("run", "launch → ready", "RSS at ready", "Quarkus \"started in\""), rows)
                .text("Median launch → ready: **" + Report.ms(median) + "**.");
        context.report.goal("JVM start to ready", "≤ 1.5 s", Report.ms(median), Report.Verdict.of(median <= 1500));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
