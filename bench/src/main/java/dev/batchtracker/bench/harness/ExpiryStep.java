package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpMethod;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * (4) Expiry at scale: a million sessions made to expire (by moving the service clock past the session timeout),
 * then removed by the cleanup, while status reads of live sessions run; their p99 during the cleanup against the
 * p99 just before it.
 */
final class ExpiryStep implements Step {

    static final int READERS = 8;

    @Override
    public String name() {
        return "expiry";
    }

    @Override
    public void run(Context context) throws Exception {
        Options o = context.options;
        int count = o.expirySessions();
        Map<String, String> props = Map.of("batch.max-sessions", Integer.toString(count * 2),
                "batch.max-store-memory", "1T");
        try (Server server = Server.start(o, "expiry", Context.serverJvm("6g"), props)) {
            server.awaitReady(Duration.ofMinutes(2));
            Api api = new Api(server.port());
            JsonNode seeded = api.seed(count, 0, 0, 2);
            api.advanceClock(Duration.ofMinutes(31)); // past the default 30 min session timeout
            List<String> live = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                live.add(api.createSession(10));
            }
            api.heapAfterGc();

            List<Load.Request> reads = new ArrayList<>();
            for (String id : live) {
                reads.add(new Load.Request(HttpMethod.GET, Api.BASE + "/status/" + id, null));
            }
            Load.Run run = context.load.start(server.port(), READERS,
                    (user, seq) -> reads.get((int) ((seq * 7 + user) % reads.size())), 200);
            Thread.sleep(o.warmup().toMillis());
            run.mark("idle");
            Thread.sleep(o.expiryIdle().toMillis());
            Load.Window idle = run.mark("cleanup");
            long started = System.nanoTime();
            long cleaned = 0;
            long errors = 0;
            int runs = 0;
            double serverMs = 0;
            while (true) {
                JsonNode report = api.post(Api.BASE + "/cleanup?dry_run=false", null);
                runs++;
                cleaned += report.get("cleaned").asLong();
                errors += report.path("errors").asLong();
                serverMs += report.path("duration_ms").asDouble();
                if (report.get("cleaned").asLong() == 0 || cleaned >= count) {
                    break;
                }
            }
            double wallMs = (System.nanoTime() - started) / 1e6;
            Load.Window during = run.mark("after");
            run.stop();
            JsonNode metrics = api.metrics();

            Load.Point idlePoint = idle.point("reads before the cleanup", READERS);
            Load.Point duringPoint = during.point("reads during the cleanup", READERS);
            double ratio = duringPoint.latency().p99() / idlePoint.latency().p99();
            if (cleaned != count) {
                context.report.failure("expiry: the cleanup removed " + cleaned + " of " + count + " sessions");
            }
            if (idlePoint.failures() + duringPoint.failures() > 0) {
                context.report.failure("expiry: status reads failed: " + idlePoint.statuses() + " / "
                        + duringPoint.statuses());
            }
            context.report.section("4. Expiry at scale")
                    .text(String.format(Locale.ROOT, "%,d sessions seeded in process through the manager (%s s), the"
                                    + " service clock (benchmark build: the production clock plus a settable offset)"
                                    + " moved 31 min forward so all of them are past the default 30 min timeout, then"
                                    + " `POST /api/v1/parallel/cleanup?dry_run=false` called until it removes nothing"
                                    + " more (%d call(s)). Meanwhile %d connections read 100 live sessions without"
                                    + " pause; the p99 of those reads during the cleanup is compared with their p99"
                                    + " over the %d s just before it. Server: `-Xms6g -Xmx6g`.",
                            count, Report.num(seeded.get("millis").asDouble() / 1000), runs, READERS,
                            o.expiryIdle().toSeconds()))
                    .table(List.of("figure", "value"), List.of(
                            List.of("sessions removed", String.format("%,d of %,d (errors: %d)", cleaned, count, errors)),
                            List.of("cleanup duration (wall, as the caller saw it)", Report.ms(wallMs)),
                            List.of("cleanup duration (duration_ms reported)", Report.ms(serverMs)),
                            List.of("removals per second", Report.num(cleaned / (wallMs / 1000))),
                            List.of("expired_sessions / active_sessions after", metrics.path("expired_sessions").asText()
                                    + " / " + metrics.path("active_sessions").asText())))
                    .table(HttpPoints.HEADER.subList(0, 7), List.of(
                            HttpPoints.row(idlePoint, null).subList(0, 7),
                            HttpPoints.row(duringPoint, null).subList(0, 7)))
                    .text("Read p99 during the cleanup ÷ before it: **" + Report.ratio(ratio) + "**.");
            context.report.goal(String.format("%,d expired sessions cleaned", count), "≤ 10 s, read p99 during it ≤ 3 × idle",
                    Report.ms(wallMs) + ", p99 × " + Report.ratio(ratio),
                    Report.Verdict.of(wallMs <= 10_000 && ratio <= 3 && cleaned == count));
        }
    }
}
