package dev.batchtracker.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Runs the benchmark steps in order and writes the report. Started by bench/run.sh after the benchmark build;
 * exits non-zero when any measurement could not be taken (a goal missed is a finding, not a failure).
 */
public final class BenchRun {

    private BenchRun() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report = new Report();
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        List<Step> steps = List.of(new JmhStep(), new StartupStep(), new HttpStep(), new StoreStep(), new HotStep(),
                new SseStep(), new ExpiryStep(), new MemoryStep(), new FilterStep(), new CompactionStep(),
                new ContentionStep(), new ProfileStep());
        try (Load load = new Load()) {
            Context context = new Context(options, report, load);
            for (Step step : steps) {
                if (!options.runs(step.name())) {
                    continue;
                }
                long t0 = System.nanoTime();
                System.out.printf(Locale.ROOT, "bench: %s ...%n", step.name());
                try {
                    step.run(context);
                } catch (Exception | AssertionError e) {
                    e.printStackTrace();
                    report.failure(step.name() + ": " + e);
                }
                System.out.printf(Locale.ROOT, "bench: %s done in %.0f s%n", step.name(), (System.nanoTime() - t0) / 1e9);
            }
        }
        Duration took = Duration.between(started, Instant.now());
        machine(report, options, started, took, loadBefore);
        String text = report.markdown(preface(options), "## Profiles and fixes\n\nWhat the profiles of these"
                + " measurements showed, what was fixed and what remains: [bench/FINDINGS.md](bench/FINDINGS.md).");
        if (options.out().getParent() != null) {
            Files.createDirectories(options.out().getParent());
        }
        Files.writeString(options.out(), text);
        System.out.println("bench: wrote " + options.out() + " in " + took.toSeconds() + " s");
        for (Report.Goal goal : report.goals) {
            System.out.printf(Locale.ROOT, "bench:   %-60s %-28s %s%n", goal.figure(), goal.measured(), goal.verdict().text);
        }
        if (!report.failures.isEmpty()) {
            System.err.println("bench: " + report.failures.size() + " measurement(s) failed:");
            report.failures.forEach(f -> System.err.println("bench:   " + f));
            System.exit(1);
        }
        System.exit(0);
    }

    private static String preface(Options options) {
        return "Written by `bench/run.sh`" + (options.smoke() ? " --smoke (tiny sizes and durations: the figures only"
                + " show that the harness works, they measure nothing)" : "") + ". Absolute figures on a shared 2-core"
                + " machine drift from run to run, so each is given beside a baseline measured in the same run, as a"
                + " ratio. The load generator and the service share the machine's cores. How to run it and what each"
                + " figure means: [bench/README.md](bench/README.md).";
    }

    private static void machine(Report report, Options options, Instant started, Duration took, String loadBefore) {
        report.machine.add(List.of("CPU", cpuModel()));
        report.machine.add(List.of("cores", Integer.toString(Runtime.getRuntime().availableProcessors())));
        report.machine.add(List.of("memory", memTotal()));
        report.machine.add(List.of("OS", System.getProperty("os.name") + " " + System.getProperty("os.version")
                + " (" + System.getProperty("os.arch") + ")"));
        report.machine.add(List.of("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")"));
        report.machine.add(List.of("commit", commit()));
        report.machine.add(List.of("date", started.truncatedTo(ChronoUnit.SECONDS) + " (UTC)"));
        report.machine.add(List.of("run", (options.smoke() ? "smoke" : "full") + ", " + took.toSeconds() + " s, steps "
                + String.join(", ", options.steps())));
        report.machine.add(List.of("load average (1/5/15 min) before → after", loadBefore + " → " + loadAverage()));
        String quiet = System.getenv("BENCH_QUIET");
        if (quiet != null && !quiet.isBlank()) {
            report.machine.add(List.of("machine quiet at start", quiet));
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String memTotal() {
        try {
            String line = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().orElse("");
            long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
            return String.format(Locale.ROOT, "%.1f GiB", kb / (1024.0 * 1024.0));
        } catch (IOException | NumberFormatException e) {
            return "unknown";
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " / " + parts[1] + " / " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String commit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").redirectErrorStream(true).start();
            String head = new String(git.getInputStream().readAllBytes()).trim();
            git.waitFor();
            Process status = new ProcessBuilder("git", "status", "--porcelain", "--untracked-files=no")
                    .redirectErrorStream(true).start();
            String dirty = new String(status.getInputStream().readAllBytes()).trim();
            status.waitFor();
            return head + (dirty.isEmpty() ? "" : " (with uncommitted changes)");
        } catch (IOException | InterruptedException e) {
            return "unknown";
        }
    }
}
