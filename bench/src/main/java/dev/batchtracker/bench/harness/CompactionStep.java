package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * (11) Compaction (issue 13): what one finished session of 100 nodes with 1 KiB results costs before and after
 * compaction — retained heap on the in-memory store, bytes on disk on SQLite and PostgreSQL. Sessions are seeded in
 * process (each runs and finishes with all nodes completed), then the benchmark clock moves past
 * {@code batch.compaction.after} and one cleanup run (POST /api/v1/parallel/cleanup) compacts them all.
 */
final class CompactionStep implements Step {

    static final int NODES = 100;
    static final int RESULT_BYTES = 1024;
    static final double GOAL = 10.0;

    @Override
    public String name() {
        return "compaction";
    }

    /** @param estimateBefore the memory store's own estimate (approxBytes) per session; NaN elsewhere */
    private record Measured(String store, int sessions, double before, double after, String how,
                            double estimateBefore, double estimateAfter) {
        double ratio() {
            return before / after;
        }
    }

    @Override
    public void run(Context context) throws Exception {
        Options o = context.options;
        String run = Long.toString(System.currentTimeMillis());
        List<Measured> measured = new ArrayList<>();
        List<List<String>> skipped = new ArrayList<>();
        for (String store : List.of("memory", "sqlite", "postgres")) {
            if (!o.stores().contains(store)) {
                continue;
            }
            String unavailable = store.equals("memory") ? null : StoreStep.unavailable(store);
            if (unavailable != null) {
                skipped.add(List.of(store, unavailable));
                continue;
            }
            // The heap is measured on more sessions than the disk: seeding SQL stores is a transaction per node.
            int sessions = o.smoke() ? 10 : store.equals("memory") ? 2_000 : 300;
            measured.add(measure(o, store, run, sessions));
        }
        List<List<String>> rows = new ArrayList<>();
        double worst = Double.MAX_VALUE;
        for (Measured m : measured) {
            rows.add(List.of(m.store(), String.format(Locale.ROOT, "%,d", m.sessions()), Report.bytes(m.before()),
                    Report.bytes(m.after()), String.format(Locale.ROOT, "%.1f×", m.ratio()), m.how()));
            worst = Math.min(worst, m.ratio());
        }
        rows.addAll(skipped.stream().map(r -> List.of(r.get(0), r.get(1), "", "", "", "")).toList());
        Report.Section section = context.report.section("11. Compaction: a finished session before and after")
                .text("Per finished session of " + NODES + " nodes, each completed with a result of about "
                        + RESULT_BYTES + " bytes (`{\"rows\":N,\"pad\":\"xx…\"}`, a text of its own per node), seeded in"
                        + " the service process through the manager. The service runs with `batch.retention=7D`,"
                        + " `batch.compaction.after=1H`; the benchmark clock then moves 2 h and one cleanup run"
                        + " compacts every session (its report's `compacted` is checked). Memory: retained heap after"
                        + " three full GCs, in the service process (`-Xms4g -Xmx4g`). SQLite and PostgreSQL: the"
                        + " store's own `StoreStats.approxBytes` (SQLite `page_count × page_size`, PostgreSQL"
                        + " `pg_total_relation_size` of its tables) after `VACUUM` (SQLite) / `VACUUM FULL`"
                        + " (PostgreSQL) run from the harness, before and after; per session = (size − size of the"
                        + " empty store) ÷ sessions.")
                .table(List.of("store", "sessions", "per session before", "per session after", "smaller by",
                        "measured as"), rows);
        for (Measured m : measured) {
            if (!Double.isNaN(m.estimateBefore())) {
                section.text("The memory store's own estimate (`StoreStats.approxBytes`, what `memory_usage_mb` and"
                                + " the memory budget read) per session:")
                        .table(List.of("", "estimate", "measured heap", "estimate vs measured"), List.of(
                                List.of("before", Report.bytes(m.estimateBefore()), Report.bytes(m.before()),
                                        MemoryStep.percent(m.estimateBefore() / m.before() - 1)),
                                List.of("after", Report.bytes(m.estimateAfter()), Report.bytes(m.after()),
                                        MemoryStep.percent(m.estimateAfter() / m.after() - 1))));
            }
        }
        if (!measured.isEmpty()) {
            context.report.goal("compaction: per finished session (100 nodes × 1 KiB results), before ÷ after",
                    "≥ 10× (memory heap, SQLite and PostgreSQL disk)",
                    String.format(Locale.ROOT, "%.1f× at worst", worst), Report.Verdict.of(worst >= GOAL));
        }
    }

    private Measured measure(Options o, String store, String run, int sessions) throws Exception {
        Map<String, String> props = new HashMap<>(HttpStep.PROPS);
        props.put("batch.retention", "7D");
        props.put("batch.compaction.after", "1H");
        props.put("batch.compaction.max-per-run", "100000000");
        if (!store.equals("memory")) {
            props.putAll(StoreStep.storeProps(o, store, "compaction-" + run));
        }
        if (store.equals("sqlite")) {
            props.put("batch.sqlite.synchronous", "normal"); // seeds faster; the file's size is the same
        }
        try (Server server = Server.start(o, "compaction-" + store, Context.serverJvm("4g"), props)) {
            server.awaitReady(Duration.ofMinutes(2));
            Api api = new Api(server.port());
            long empty = size(api, store, props);
            long estimateEmpty = api.storeFigures().get("approx_bytes").asLong();
            api.seedFinished(sessions, NODES, RESULT_BYTES, 2);
            long full = size(api, store, props);
            long estimateFull = api.storeFigures().get("approx_bytes").asLong();
            api.advanceClock(Duration.ofHours(2));
            JsonNode report = api.post("/api/v1/parallel/cleanup", null);
            int compacted = report.get("compacted").asInt();
            if (compacted != sessions) {
                throw new IllegalStateException(store + ": the cleanup compacted " + compacted + " of " + sessions
                        + " sessions: " + report);
            }
            long compactedSize = size(api, store, props);
            long estimateCompacted = api.storeFigures().get("approx_bytes").asLong();
            boolean memory = store.equals("memory");
            String how = store.equals("memory") ? "retained heap" : store.equals("sqlite")
                    ? "approxBytes after VACUUM" : "approxBytes after VACUUM FULL";
            return new Measured(store, sessions, (double) (full - empty) / sessions,
                    (double) (compactedSize - empty) / sessions, how,
                    memory ? (double) (estimateFull - estimateEmpty) / sessions : Double.NaN,
                    memory ? (double) (estimateCompacted - estimateEmpty) / sessions : Double.NaN);
        }
    }

    /** Heap after full GCs (memory), or the store's own size figure after the database gave back free space. */
    private static long size(Api api, String store, Map<String, String> props) throws Exception {
        switch (store) {
            case "memory" -> {
                return api.heapAfterGc();
            }
            case "sqlite" -> vacuum("jdbc:sqlite:" + Path.of(props.get("batch.sqlite.path")), List.of("VACUUM"));
            case "postgres" -> vacuum(props.get("quarkus.datasource.jdbc.url"), List.of("VACUUM FULL batch_session",
                    "VACUUM FULL batch_node", "VACUUM FULL batch_label", "VACUUM FULL batch_tombstone"));
            default -> throw new IllegalArgumentException("unknown store " + store);
        }
        return api.storeFigures().get("approx_bytes").asLong();
    }

    private static void vacuum(String url, List<String> statements) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
