package dev.batchtracker.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * (6) JVM-mode start-up: process launch to the first 200 from /q/health/ready, and the RSS at that moment; once as
 * built by default ({@code java -jar}, no options) and once with the JDK AOT cache of {@code aot/build.sh}.
 */
final class StartupStep implements Step {

    private static final Pattern STARTED_IN = Pattern.compile("started in ([0-9.]+)s");
    /** Where aot/build.sh leaves the service, its cache and the JDK that recorded it. */
    static final Path AOT_APP = Path.of("target/aot/quarkus-app");

    private record Launch(String name, String java, Path app, List<String> jvmArgs) {
    }

    private record Result(List<List<String>> rows, double medianMillis, long medianRss) {
    }

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public void run(Context context) throws Exception {
        Options options = context.options;
        Launch plain = new Launch("default", Server.javaBinary(), options.buildDir().resolve("quarkus-app"),
                List.of());
        Result plainResult = measure(options, plain);
        Launch aot = aotLaunch();
        Result aotResult = aot == null ? null : measure(options, aot);

        Report.Section section = context.report.section("6. Start-up (JVM mode)")
                .text("Time from launching the process to the first 200 from `/q/health/ready` (polled every 2 ms),"
                        + " and the process's RSS right then; in-memory store, default heap and GC. One unmeasured"
                        + " launch of each kind first warms the page cache. Quarkus's own \"started in\" figure is"
                        + " shown for comparison (its clock starts after the JVM has).")
                .text("**Default launch**: `java -jar target/bench/quarkus-app/quarkus-run.jar` (the benchmark build,"
                        + " fast-jar) with the harness's JDK and no JVM options.")
                .table(List.of("run", "launch → ready", "RSS at ready", "Quarkus \"started in\""), plainResult.rows())
                .text("Median: **" + Report.ms(plainResult.medianMillis()) + "**, RSS "
                        + Report.bytes(plainResult.medianRss()) + ".");
        if (aotResult != null) {
            section.text("**AOT launch** (`aot/run.sh`): the product build packaged as aot-jar by `aot/build.sh`,"
                            + " started by `" + aot.java() + " -XX:AOTCache=app.aot -jar quarkus-run.jar` with the"
                            + " cache that JDK recorded from a training run (`aot/Train.java`).")
                    .table(List.of("run", "launch → ready", "RSS at ready", "Quarkus \"started in\""), aotResult.rows())
                    .text("Median: **" + Report.ms(aotResult.medianMillis()) + "**, RSS "
                            + Report.bytes(aotResult.medianRss()) + " — "
                            + Report.ratio(aotResult.medianMillis() / plainResult.medianMillis())
                            + " of the default launch's time. The goal is judged on this launch, the one the README"
                            + " gives for production.");
            context.report.goal("JVM start to ready (AOT launch)", "≤ 1.5 s", Report.ms(aotResult.medianMillis()),
                    Report.Verdict.of(aotResult.medianMillis() <= 1500));
        } else {
            section.text("**AOT launch**: not measured — no `" + AOT_APP + "/app.aot` (run `aot/build.sh`; it needs"
                    + " a JDK 25+). The goal is judged on the default launch.");
            context.report.goal("JVM start to ready (default launch)", "≤ 1.5 s",
                    Report.ms(plainResult.medianMillis()), Report.Verdict.of(plainResult.medianMillis() <= 1500));
        }
    }

    /** The launch of aot/build.sh's output, or null when there is none. */
    private static Launch aotLaunch() throws java.io.IOException {
        Path cache = AOT_APP.resolve("app.aot");
        Path javaHome = AOT_APP.resolve("java-home");
        if (!Files.isRegularFile(cache) || !Files.isRegularFile(javaHome)) {
            return null;
        }
        String java = Path.of(Files.readString(javaHome).trim(), "bin", "java").toString();
        // AOTMode=on: a cache the JVM cannot use fails the launch instead of silently measuring a start without it.
        return new Launch("aot", java, AOT_APP,
                List.of("-XX:AOTCache=" + cache.toAbsolutePath(), "-XX:AOTMode=on"));
    }

    private static Result measure(Options options, Launch launch) throws Exception {
        try (Server warm = Server.start(options, "startup-" + launch.name() + "-warm", launch.java(), launch.app(),
                launch.jvmArgs(), Map.of())) {
            warm.awaitReady(Duration.ofMinutes(2));
        }
        List<Double> millis = new ArrayList<>();
        List<Double> rss = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i <= options.startupRuns(); i++) {
            try (Server server = Server.start(options, "startup-" + launch.name() + "-" + i, launch.java(),
                    launch.app(), launch.jvmArgs(), Map.of())) {
                double ms = server.awaitReady(Duration.ofMinutes(2)) / 1e6;
                long bytes = server.rssBytes();
                millis.add(ms);
                rss.add((double) bytes);
                Matcher m = STARTED_IN.matcher(server.log());
                rows.add(List.of(Integer.toString(i), Report.ms(ms), Report.bytes(bytes),
                        m.find() ? m.group(1) + " s" : "–"));
            }
        }
        return new Result(rows, median(millis), (long) median(rss));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
