package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.bench.server.BenchControlResource;
import io.vertx.core.http.HttpMethod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * (10) Filtered lists (issue 12): with {@link Options#filterSessions} sessions stored, of which 1 % carry the label
 * asked for, a page of that label's sessions against a page of all sessions, per store. Each store answers a
 * label filter from an index, so the two should cost about the same; the ratio of their medians says how close.
 */
final class FilterStep implements Step {

    /** Every hundredth session carries the label: 1 %. */
    static final int LABEL_EVERY = 100;
    static final int PAGE = 50;
    static final int CONCURRENCY = 4;
    static final int SEED_CHUNK = 10_000;
    private static final String LABEL = BenchControlResource.SEEDED_LABEL_KEY + ":"
            + BenchControlResource.SEEDED_LABEL_VALUE;
    private static final String ALL = Api.BASE + "/sessions?limit=" + PAGE;
    private static final String FILTERED = ALL + "&label=" + LABEL;
    private static final String COUNTS = Api.BASE + "/sessions/counts?label=" + LABEL;

    @Override
    public String name() {
        return "filters";
    }

    @Override
    public void run(Context context) throws Exception {
        Options o = context.options;
        int count = o.filterSessions();
        Duration measure = o.smoke() ? o.point() : Duration.ofSeconds(Math.min(10, o.point().toSeconds()));
        String run = Long.toString(System.currentTimeMillis());
        List<List<String>> rows = new ArrayList<>();
        List<List<String>> ratios = new ArrayList<>();
        double worst = 0;
        for (String store : o.stores()) {
            String unavailable = store.equals("memory") ? null : StoreStep.unavailable(store);
            if (unavailable != null) {
                ratios.add(List.of(store, unavailable, "", "", ""));
                continue;
            }
            Map<String, String> props = new HashMap<>(HttpStep.PROPS);
            if (!store.equals("memory")) {
                props.putAll(StoreStep.storeProps(o, store, run));
            }
            try (Server server = Server.start(o, "filters-" + store, Context.serverJvm("2g"), props)) {
                server.awaitReady(Duration.ofMinutes(2));
                Api api = new Api(server.port());
                long seedStarted = System.nanoTime();
                for (int seeded = 0; seeded < count; seeded += SEED_CHUNK) {
                    // Chunks keep each seeding call well inside the control endpoint's time limit; the first
                    // session of every chunk is labelled, so 1 % stays exact.
                    api.seedLabelled(Math.min(SEED_CHUNK, count - seeded), LABEL_EVERY, 4);
                }
                double seedSeconds = (System.nanoTime() - seedStarted) / 1e9;
                check(context, api, store, count);

                Load.Point all = context.load.point("all sessions, page of " + PAGE + " (" + store + ")", server,
                        CONCURRENCY, o.warmup(), measure, get(ALL), 200);
                Load.Point filtered = context.load.point("label " + LABEL + " (1 %), page of " + PAGE + " (" + store
                        + ")", server, CONCURRENCY, o.warmup(), measure, get(FILTERED), 200);
                Load.Point counts = context.load.point("counts of label " + LABEL + " (" + store + ")", server,
                        CONCURRENCY, o.warmup(), measure, get(COUNTS), 200);
                rows.add(HttpPoints.row(all, null));
                rows.add(HttpPoints.row(filtered, all));
                rows.add(HttpPoints.row(counts, all));
                double p50 = filtered.latency().p50() / all.latency().p50();
                double throughput = filtered.throughput() / all.throughput();
                worst = Math.max(worst, p50);
                ratios.add(List.of(store, String.format(Locale.ROOT, "%,d in %s s", count, Report.num(seedSeconds)),
                        Report.ratio(p50), Report.ratio(filtered.latency().p99() / all.latency().p99()),
                        Report.ratio(throughput)));
                for (Load.Point p : List.of(all, filtered, counts)) {
                    if (p.failures() > 0) {
                        context.report.failure("filters (" + store + "): " + p.name() + " failed: " + p.statuses());
                    }
                }
            }
        }
        context.report.section("10. Filtered lists: a label filter against the unfiltered list, per store")
                .text(String.format(Locale.ROOT, "%,d sessions seeded in process through the manager (`POST"
                                + " /bench/seed`, the benchmark build's control endpoint: the same rules and store as a"
                                + " create), every %dth labelled `%s` (1 %%), the rest `%s=other`. Then %d connections"
                                + " read `GET /api/v1/parallel/sessions?limit=%d` (newest first, no filter), the same"
                                + " with `label=%s`, and `GET /api/v1/parallel/sessions/counts?label=%s`, %d s each"
                                + " after %d s of warm-up. Ratios are filtered ÷ unfiltered.",
                        count, LABEL_EVERY, LABEL.replace(':', '='), BenchControlResource.SEEDED_LABEL_KEY,
                        CONCURRENCY, PAGE, LABEL, LABEL, measure.toSeconds(), o.warmup().toSeconds()))
                .table(List.of("store", "seeded", "filtered ÷ all, p50", "p99", "req/s"), ratios)
                .table(HttpPoints.HEADER, rows);
        context.report.goal(String.format("a 1 %% label filter over %,d sessions", count),
                "page p50 ≤ 1.5 × the unfiltered page's, every store", "worst × " + Report.ratio(worst),
                Report.Verdict.of(worst > 0 && worst <= 1.5));
    }

    private static Load.Source get(String uri) {
        Load.Request request = new Load.Request(HttpMethod.GET, uri, null);
        return (user, seq) -> request;
    }

    /** The filtered page holds a full page of labelled sessions, and the counts agree with the seeding. */
    private static void check(Context context, Api api, String store, int count) throws Exception {
        JsonNode page = api.get(FILTERED);
        int expected = Math.min(PAGE, (count + LABEL_EVERY - 1) / LABEL_EVERY);
        int labelled = 0;
        for (JsonNode item : page.get("items")) {
            if (BenchControlResource.SEEDED_LABEL_VALUE.equals(
                    item.path("labels").path(BenchControlResource.SEEDED_LABEL_KEY).asText())) {
                labelled++;
            }
        }
        JsonNode counts = api.get(COUNTS);
        long total = counts.path("total").asLong();
        long expectedTotal = count / SEED_CHUNK * (SEED_CHUNK / LABEL_EVERY)
                + (count % SEED_CHUNK + LABEL_EVERY - 1) / LABEL_EVERY;
        if (page.get("items").size() != expected || labelled != expected || total != expectedTotal) {
            context.report.failure(String.format(Locale.ROOT, "filters (%s): the filtered page held %d items (%d"
                    + " labelled), %d expected; counts total %d, %d expected", store, page.get("items").size(),
                    labelled, expected, total, expectedTotal));
        }
    }
}
