package dev.batchtracker.bench.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What one run measures and how long it takes. The full run uses the sizes the issue names; {@code --smoke} shrinks
 * every size and duration so the harness itself can be checked in seconds.
 *
 * @param steps the measurements to run, by name (all by default)
 * @param profile the HTTP point the profile step runs (with --only=profile)
 * @param stores the stores measured (--stores=LIST; all four by default). The in-memory store's own points in the
 *               JMH, HTTP and store steps are baselines there, always measured; the one-session and contention steps
 *               measure it only when it is listed
 * @param jfr record every service process with Java Flight Recorder (target/bench/jfr), to profile it
 * @param hot the one-session step's sizes
 * @param contention the contention check's sizes (run only when asked for with --only=contention)
 * @param filterSessions how many sessions the filtered-list step stores before it measures
 */
record Options(
        boolean smoke,
        Path out,
        Path buildDir,
        Set<String> steps,
        Duration warmup,
        Duration point,
        int concurrency,
        List<String> jmhArgs,
        int startupRuns,
        Sse sse,
        int expirySessions,
        Duration expiryIdle,
        Memory memory,
        List<String> stores,
        boolean jfr,
        String profile,
        Hot hot,
        Contention contention,
        int filterSessions) {

    /** The steps of a full run, in order. */
    static final List<String> ALL_STEPS = List.of("jmh", "startup", "http", "stores", "hot", "sse", "expiry", "memory",
            "filters", "compaction");
    static final List<String> ALL_STORES = List.of("memory", "sqlite", "postgres", "redis");
    /** Steps that run only when --only names them: too long for every run. */
    static final List<String> EXTRA_STEPS = List.of("contention");

    /**
     * The one-session step: node reports into one session at {@code connections} (the first is also the engine
     * limit's concurrency and the bulk point's), bulk reports of {@code bulkItems} nodes each.
     *
     * @param maxNodes the service's {@code batch.max-nodes}, and the node_count of a one-session point's session
     * @param bulkRequestsPerSession bulk requests that fill one session (node_count = this × bulkItems); the next
     *                               session takes over then, so a point's nodes never outgrow one session or the heap
     */
    record Hot(List<Integer> connections, int maxNodes, int bulkItems, int bulkRequestsPerSession) {
        int low() {
            return connections.get(0);
        }
    }

    /** The contention check: {@code reporters} connections, each sending {@code reportsEach} new node reports. */
    record Contention(int reporters, int reportsEach, Duration capPerStore) {
        long total() {
            return (long) reporters * reportsEach;
        }
    }

    record Sse(int sessions, int subscribersPerSession, int hotSubscribers, int nodesPerSession, int hotNodes,
               Duration writePhase) {
        int subscribers() {
            return sessions * subscribersPerSession + hotSubscribers;
        }
    }

    /** How many sessions of each shape the memory step seeds: none, 100 and 10,000 node results each. */
    record Memory(int emptySessions, int sessionsWith100, int sessionsWith10k) {
    }

    static Options parse(String[] args) {
        boolean smoke = false;
        Path out = null;
        Path buildDir = Path.of("target/bench");
        Set<String> steps = new LinkedHashSet<>(ALL_STEPS);
        Integer pointSeconds = null;
        Integer concurrency = null;
        boolean jfr = false;
        String profile = "put";
        List<String> stores = ALL_STORES;
        int[] contentionSize = null;
        Integer contentionMinutes = null;
        for (String arg : args) {
            if (arg.equals("--smoke")) {
                smoke = true;
            } else if (arg.startsWith("--out=")) {
                out = Path.of(arg.substring("--out=".length()));
            } else if (arg.startsWith("--build=")) {
                buildDir = Path.of(arg.substring("--build=".length()));
            } else if (arg.startsWith("--only=")) {
                Set<String> asked = new LinkedHashSet<>(List.of(arg.substring("--only=".length()).split(",")));
                Set<String> known = new LinkedHashSet<>(ALL_STEPS);
                known.addAll(EXTRA_STEPS);
                if (!known.containsAll(asked) && !asked.equals(Set.of("profile"))) {
                    throw new IllegalArgumentException("--only takes some of " + known + ", or profile");
                }
                steps = asked;
            } else if (arg.startsWith("--duration=")) {
                pointSeconds = Integer.parseInt(arg.substring("--duration=".length()));
            } else if (arg.startsWith("--profile=")) {
                profile = arg.substring("--profile=".length());
            } else if (arg.startsWith("--stores=")) {
                stores = List.of(arg.substring("--stores=".length()).split(","));
                if (!ALL_STORES.containsAll(stores)) {
                    throw new IllegalArgumentException("--stores takes some of " + ALL_STORES);
                }
            } else if (arg.startsWith("--contention=")) {
                String[] parts = arg.substring("--contention=".length()).split("x");
                contentionSize = new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
            } else if (arg.startsWith("--contention-minutes=")) {
                contentionMinutes = Integer.parseInt(arg.substring("--contention-minutes=".length()));
            } else if (arg.equals("--jfr")) {
                jfr = true;
            } else if (arg.startsWith("--concurrency=")) {
                concurrency = Integer.parseInt(arg.substring("--concurrency=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument " + arg
                        + " (known: --smoke --out=FILE --only=" + String.join(",", ALL_STEPS)
                        + " --duration=SECONDS --concurrency=N --build=DIR --jfr --profile=baseline|event-loop-baseline|put-baseline|get|put|post|hot|bulk"
                        + " --stores=" + String.join(",", ALL_STORES)
                        + " --contention=REPORTERSxREPORTS --contention-minutes=N)");
            }
        }
        Contention contention = new Contention(
                contentionSize != null ? contentionSize[0] : smoke ? 8 : 64,
                contentionSize != null ? contentionSize[1] : smoke ? 25 : 10_000,
                Duration.ofMinutes(contentionMinutes != null ? contentionMinutes : smoke ? 1 : 15));
        if (smoke) {
            return new Options(true, out != null ? out : buildDir.resolve("BENCHMARKS-smoke.md"), buildDir, steps,
                    Duration.ofMillis(500), Duration.ofSeconds(pointSeconds != null ? pointSeconds : 1),
                    concurrency != null ? concurrency : 4,
                    List.of("-wi", "1", "-i", "1", "-w", "100ms", "-r", "100ms"), 1,
                    new Sse(5, 10, 50, 3, 10, Duration.ofSeconds(2)), 2_000, Duration.ofSeconds(1),
                    new Memory(500, 20, 2), stores, jfr, profile, new Hot(List.of(4, 8), 5_000_000, 100, 20),
                    contention, 2_000);
        }
        int seconds = pointSeconds != null ? pointSeconds : 20;
        return new Options(false, out != null ? out : Path.of("BENCHMARKS.md"), buildDir, steps,
                Duration.ofSeconds(Math.min(3, seconds)), Duration.ofSeconds(seconds),
                concurrency != null ? concurrency : 16, List.of(), 5,
                new Sse(100, 100, 1_000, 20, 200, Duration.ofSeconds(seconds)), 1_000_000,
                Duration.ofSeconds(Math.min(10, seconds)), new Memory(50_000, 2_000, 20), stores, jfr, profile,
                new Hot(List.of(16, 64), 5_000_000, 100, 2_000), contention, 100_000);
    }

    boolean runs(String step) {
        return steps.contains(step);
    }

    /** The selected stores other than the in-memory one. */
    List<String> sharedStores() {
        return stores.stream().filter(s -> !s.equals("memory")).toList();
    }
}
