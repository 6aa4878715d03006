package dev.batchtracker.bench.harness;

import dev.batchtracker.session.api.document.SessionDocuments;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Not part of a normal run ({@code --only=profile --profile=put}): one HTTP point against a service recorded with
 * Java Flight Recorder, and where its CPU samples fall during the measured window — the tool behind the profiles
 * in bench/FINDINGS.md.
 */
final class ProfileStep implements Step {

    /** Frames that say which layer a sample is in, checked in this order. */
    private static final Map<String, String> LAYERS = new LinkedHashMap<>();

    static {
        LAYERS.put("dev.batchtracker.session.store.", "store");
        LAYERS.put("dev.batchtracker.session.BatchSessionManager.", "manager (rules, outside the store)");
        LAYERS.put("dev.batchtracker.session.api.SessionDocuments.", "building the status document");
        LAYERS.put("com.fasterxml.jackson.", "JSON (Jackson)");
        LAYERS.put("org.hibernate.validator.", "bean validation");
        LAYERS.put("io.micrometer.", "metrics");
        LAYERS.put("org.jboss.resteasy.reactive.", "REST framework");
        LAYERS.put("io.quarkus.", "Quarkus HTTP/CDI");
        LAYERS.put("io.vertx.", "Vert.x HTTP");
        LAYERS.put("io.netty.", "Netty I/O");
    }

    @Override
    public String name() {
        return "profile";
    }

    @Override
    public void run(Context context) throws Exception {
        Options o = context.options;
        String which = o.profile();
        Path jfr = o.buildDir().resolve("jfr/profile-" + which + ".jfr").toAbsolutePath();
        Files.createDirectories(jfr.getParent());
        Files.deleteIfExists(jfr);
        List<String> jvm = new ArrayList<>(Context.serverJvm("2g"));
        jvm.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr);
        Instant from;
        Instant to;
        Load.Point point;
        // The store of the profiled service: memory, unless --stores names one store alone.
        String store = o.stores().size() == 1 ? o.stores().get(0) : "memory";
        Map<String, String> props = new HashMap<>(HttpStep.PROPS);
        props.put("batch.max-nodes", Integer.toString(o.hot().maxNodes())); // the hot step's sessions, as there
        if (!store.equals("memory")) {
            props.putAll(StoreStep.storeProps(o, store, "profile"));
        }
        try (Server server = Server.start(o, "profile-" + which + "-" + store, jvm, props)) {
            server.awaitReady(Duration.ofMinutes(2));
            Api api = new Api(server.port());
            // The write path warmed too: a profile of a service still compiling shows the JIT (FINDINGS fixed 14).
            HotStep.warmUp(context, server, api);
            boolean memory = store.equals("memory");
            from = Instant.now().plus(o.warmup());
            point = switch (which) {
                case "baseline" -> HttpPoints.baseline(context, server, "baseline");
                case "event-loop-baseline" -> HttpPoints.eventLoopBaseline(context, server);
                case "put-baseline" -> HttpPoints.writeBaseline(context, server, "PUT baseline");
                case "get" -> HttpPoints.statusRead(context, server, api);
                case "put" -> HttpPoints.nodeReport(context, server, api, "PUT node report");
                case "post" -> HttpPoints.create(context, server);
                case "hot" -> HotStep.oneSession(context, server, api, memory, o.hot().low()).point();
                case "bulk" -> HotStep.bulk(context, server, api, memory).point();
                default -> throw new IllegalArgumentException("--profile takes baseline, event-loop-baseline,"
                        + " put-baseline, get, put, post, hot (one session) or bulk");
            };
            to = Instant.now();
        }
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> layers = new HashMap<>();
        int samples = 0;
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                samples++;
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                List<String> names = frames.stream()
                        .map(f -> f.getMethod().getType().getName() + "." + f.getMethod().getName()).toList();
                if (!names.isEmpty()) {
                    self.merge(names.get(0), 1, Integer::sum);
                }
                Set<String> seen = new HashSet<>(names);
                seen.forEach(n -> inclusive.merge(n, 1, Integer::sum));
                layers.merge(layerOf(names), 1, Integer::sum);
            }
        }
        int total = samples;
        Report.Section section = context.report.section("Profile: " + point.name() + " (" + store + " store)")
                .text(String.format(Locale.ROOT, "%s at %s req/s, %s µs of service CPU per request; %,d CPU samples (JFR, `settings=profile`) of the"
                        + " service during the %d s measured. A sample counts toward the first layer, in the"
                        + " order of the table, that its stack passes through (so \"store\" includes the store's"
                        + " map operations, \"JSON\" only what is not under the application's own frames).",
                        point.name(), Report.num(point.throughput()), Report.num(point.serverCpuMicros()), samples, o.point().toSeconds()))
                .table(List.of("layer", "share of samples"), top(layers, total, 20))
                .table(List.of("application method (inclusive)", "share of samples"), top(inclusive.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("dev.batchtracker.session"))
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), total, 25))
                .table(List.of("method (self)", "share of samples"), top(self, total, 25));
        System.out.println(section.blocks.stream().collect(Collectors.joining("\n\n")));
    }

    private static String layerOf(List<String> frames) {
        for (var layer : LAYERS.entrySet()) {
            for (String frame : frames) {
                if (frame.startsWith(layer.getKey())) {
                    return layer.getValue();
                }
            }
        }
        return "other (JDK, GC helpers, idle)";
    }

    private static List<List<String>> top(Map<String, Integer> counts, int total, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
                .map(e -> List.of("`" + e.getKey() + "`", String.format(Locale.ROOT, "%.1f %%", 100.0 * e.getValue() / total)))
                .toList();
    }
}
