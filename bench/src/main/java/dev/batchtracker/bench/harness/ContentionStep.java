package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (9) The contention check of issue 11 (item 4), outside the timed points and only when asked for
 * ({@code --only=contention}): R reporters, each on its own connection with one request in flight, each sending
 * N reports of new nodes as completed into one running session whose node_count is R × N — so the last report
 * finishes it. Counts every answer but 200 by status; then sends each failed report again (one at a time, at most
 * three times, as an executor would) and checks the session: completed_nodes equal to the acknowledged reports, one
 * automatic finish, and each reporter's answers carrying strictly increasing versions (ETag).
 */
final class ContentionStep implements Step {

    private static final Set<String> TERMINAL = Set.of("completed", "partial_failure", "failed", "cancelled");
    private static final int RETRIES = 3;

    @Override
    public String name() {
        return "contention";
    }

    /** What one store did under the check; {@code unavailable} set when it could not run. */
    record Outcome(String store, String unavailable, long sent, Map<Integer, Long> statuses, Load.Point point,
                   boolean ranOut, long retriedOk, long stillFailed, long completed, String status, int finishes,
                   long versionRegressions) {

        long failed() {
            return statuses.entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(Map.Entry::getValue).sum();
        }

        long acknowledged() {
            return statuses.getOrDefault(200, 0L) + retriedOk;
        }

        boolean exact() {
            return completed == acknowledged();
        }
    }

    @Override
    public void run(Context context) throws Exception {
        Options o = context.options;
        List<String> stores = o.stores();
        String run = Long.toString(System.currentTimeMillis());
        List<Outcome> outcomes = new ArrayList<>();
        for (String store : stores) {
            String unavailable = HotStep.MEMORY.equals(store) ? null : StoreStep.unavailable(store);
            if (unavailable != null) {
                if ("true".equals(System.getenv("CI")) && !unavailable.startsWith("not yet available")) {
                    context.report.failure("contention " + store + ": " + unavailable);
                }
                outcomes.add(new Outcome(store, unavailable, 0, Map.of(), null, false, 0, 0, 0, null, 0, 0));
                continue;
            }
            outcomes.add(check(context, store, run));
        }
        render(context, outcomes);
    }

    private static Outcome check(Context context, String store, String run) throws Exception {
        Options o = context.options;
        Options.Contention c = o.contention();
        int reporters = c.reporters();
        int each = c.reportsEach();
        int total = Math.toIntExact(c.total());
        Map<String, String> props = new HashMap<>(HttpStep.PROPS);
        props.put("batch.max-nodes", Integer.toString(Math.max(total, o.hot().maxNodes())));
        if (!HotStep.MEMORY.equals(store)) {
            props.putAll(StoreStep.storeProps(o, store, "contention-" + run));
        }
        System.out.printf(Locale.ROOT, "bench:   contention %s: %d reporters x %d reports%n", store, reporters, each);
        try (Server server = Server.start(o, "contention-" + store, Context.serverJvm("2g"), props)) {
            server.awaitReady(Duration.ofMinutes(2));
            Api api = new Api(server.port());
            String id = api.createRunningSession(total);
            long[] lastVersion = new long[reporters];
            AtomicLong regressions = new AtomicLong();
            ConcurrentLinkedQueue<String> failedNodes = new ConcurrentLinkedQueue<>();
            Load.Run load = context.load.start(server.port(), reporters,
                    (user, seq) -> seq < each ? HttpPoints.nodeReport(id, nodeId(user, seq)) : null, 200,
                    (user, seq, status, etag) -> {
                        if (status != 200) {
                            failedNodes.add(nodeId(user, seq));
                            return;
                        }
                        long version = version(etag);
                        if (version <= lastVersion[user]) {
                            regressions.incrementAndGet();
                        }
                        lastVersion[user] = version;
                    });
            Load.Window window = load.awaitEnd(c.capPerStore());
            Map<Integer, Long> statuses = load.allStatuses();
            if (statuses.getOrDefault(200, 0L) == 0) {
                context.report.failure("contention " + store + ": no 200 answer " + statuses);
            }
            long sent = statuses.values().stream().mapToLong(Long::longValue).sum();
            long retriedOk = 0;
            long stillFailed = 0;
            for (String node : failedNodes) {
                if (retry(api, id, node)) {
                    retriedOk++;
                } else {
                    stillFailed++;
                }
            }
            JsonNode status = api.status(id);
            int finishes = 0;
            for (JsonNode entry : status.path("history")) {
                if (TERMINAL.contains(entry.path("to").asText())) {
                    finishes++;
                }
            }
            return new Outcome(store, null, sent, statuses, window.point("contention", reporters), sent == total,
                    retriedOk, stillFailed, status.get("completed_nodes").asLong(), status.get("status").asText(),
                    finishes, regressions.get());
        }
    }

    private static String nodeId(int user, long seq) {
        return "c" + user + "-" + seq;
    }

    /** The version in an ETag ("12", W/"12"); -1 when there is none. */
    static long version(String etag) {
        if (etag == null) {
            return -1;
        }
        String tag = etag.startsWith("W/") ? etag.substring(2) : etag;
        try {
            return Long.parseLong(tag.replace("\"", "").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean retry(Api api, String id, String node) throws InterruptedException {
        for (int attempt = 0; attempt < RETRIES; attempt++) {
            try {
                api.reportNode(id, node);
                return true;
            } catch (IOException e) {
                // answered other than 2xx, or no answer: try again
            }
        }
        return false;
    }

    private static void render(Context context, List<Outcome> outcomes) {
        Options.Contention c = context.options.contention();
        boolean issueSize = c.reporters() == 64 && c.reportsEach() == 10_000;
        Report.Section section = context.report.section("9. Contention: " + c.reporters() + " reporters × "
                + String.format(Locale.ROOT, "%,d", c.reportsEach()) + " reports into one session");
        section.text("Run only when asked for (`--only=contention`, sizes `--contention=REPORTERSxREPORTS`, at most "
                + c.capPerStore().toMinutes() + " min per store, `--contention-minutes=N`). One service process per"
                + " store (`-Xms2g -Xmx2g`, store settings as in section 7); one running session with node_count "
                + String.format(Locale.ROOT, "%,d", c.total()) + "; " + c.reporters() + " connections, each with one"
                + " request in flight, each sending " + String.format(Locale.ROOT, "%,d", c.reportsEach())
                + " PUTs of new nodes as completed. Every answer but 200 counts as failed, by status (-1: a transport"
                + " error); failed reports are then sent again one at a time (at most " + RETRIES + " times each) so"
                + " the session can finish. Checked after: stored completed_nodes = acknowledged reports (200 first"
                + " time or on a retry), the session's status and the number of terminal entries in its history (one"
                + " automatic finish), and each reporter's 200 answers carrying strictly increasing versions (ETag).");
        List<List<String>> rows = new ArrayList<>();
        for (Outcome out : outcomes) {
            if (out.unavailable() != null) {
                rows.add(List.of(out.store(), out.unavailable(), "", "", "", "", "", "", "", ""));
                continue;
            }
            Load.Point p = out.point();
            Map<Integer, Long> failed = new TreeMap<>(out.statuses());
            failed.remove(200);
            rows.add(List.of(out.store(),
                    String.format(Locale.ROOT, "%,d", out.sent()) + (out.ranOut() ? "" : " (**stopped at the cap**)"),
                    Report.num(p.throughput()), Report.ms(p.latency().p99()) + " / " + Report.ms(p.latency().max()),
                    out.failed() == 0 ? "0" : out.failed() + " " + failed,
                    out.retriedOk() + " ok, " + out.stillFailed() + " still failed",
                    (out.exact() ? "exact: " : "**no**: ") + out.completed() + " stored, " + out.acknowledged()
                            + " acknowledged",
                    out.status() + ", " + out.finishes() + " terminal history entr" + (out.finishes() == 1 ? "y" : "ies"),
                    Long.toString(out.versionRegressions()),
                    Report.Verdict.of(passes(out)).text));
        }
        section.table(List.of("store", "reports sent", "req/s", "p99 / max", "failed (by status)", "retried",
                "completed_nodes", "session", "version not increasing", "all checks"), rows);

        List<String> failedText = new ArrayList<>();
        List<String> checksText = new ArrayList<>();
        boolean anyFailed = false;
        boolean anyChecksMissed = false;
        boolean anyMissing = false;
        for (String store : Options.ALL_STORES) { // a store left out of the run (--stores) is not measured
            if (outcomes.stream().noneMatch(out -> out.store().equals(store))) {
                anyMissing = true;
                failedText.add(store + " –");
                checksText.add(store + " –");
            }
        }
        for (Outcome out : outcomes) {
            if (out.unavailable() != null) {
                anyMissing = true;
                failedText.add(out.store() + " –");
                checksText.add(out.store() + " –");
                continue;
            }
            failedText.add(out.store() + " " + out.failed());
            anyFailed |= out.failed() > 0;
            boolean checks = out.exact() && out.finishes() == 1 && "completed".equals(out.status())
                    && out.versionRegressions() == 0;
            checksText.add(out.store() + (checks ? " ok" : " **no**"));
            anyChecksMissed |= !checks;
        }
        String size = c.reporters() + " × " + String.format(Locale.ROOT, "%,d", c.reportsEach())
                + (issueSize ? "" : " (the issue's size is 64 × 10,000)");
        context.report.goal("failed requests, " + size + " reports into one session, each store", "0",
                String.join(", ", failedText), anyFailed ? Report.Verdict.NOT_MET
                        : anyMissing ? Report.Verdict.NOT_MEASURED : Report.Verdict.MET);
        context.report.goal("contention " + c.reporters() + " × " + c.reportsEach() + ": counters exact, one automatic"
                        + " finish, versions increasing per reporter", "every store", String.join(", ", checksText),
                anyChecksMissed ? Report.Verdict.NOT_MET : anyMissing ? Report.Verdict.NOT_MEASURED
                        : Report.Verdict.MET);
    }

    private static boolean passes(Outcome out) {
        return out.ranOut() && out.failed() == 0 && out.exact() && out.finishes() == 1
                && "completed".equals(out.status()) && out.versionRegressions() == 0;
    }
}
