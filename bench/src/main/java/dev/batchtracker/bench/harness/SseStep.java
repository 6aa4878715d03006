package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * (3) SSE fan-out: many subscribers over many sessions plus a crowd on one hot session, while writers report
 * nodes. Delivery latency is the time from a write's 2xx (as the writer saw it) to the event's arrival at each
 * subscriber, both on this process's clock.
 */
final class SseStep implements Step {

    private static final Buffer NODE_BODY = Buffer.buffer("{\"status\":\"completed\",\"result\":{\"rows\":42}}");
    /** Connections opening at once (each counts until its first snapshot arrives). */
    private static final int CONNECT_WINDOW = 200;

    @Override
    public String name() {
        return "sse";
    }

    /** One planned write: node {@code node} of session {@code session}, due {@code dueNanos} after the start. */
    private record Write(int session, String nodeId, long dueNanos) {
    }

    @Override
    public void run(Context context) throws Exception {
        Options.Sse plan = context.options.sse();
        int total = plan.subscribers();
        Map<String, String> props = Map.of("batch.max-sessions", "1000000", "batch.max-store-memory", "1T",
                "batch.sse.max-subscribers", Integer.toString(total + 1000));
        try (Server server = Server.start(context.options, "sse", Context.serverJvm("2g"), props)) {
            server.awaitReady(Duration.ofMinutes(2));
            Api api = new Api(server.port());
            // Sessions 0..n-1 are the ordinary ones, session n the hot one.
            List<String> ids = new ArrayList<>();
            for (int s = 0; s < plan.sessions(); s++) {
                ids.add(api.createRunningSession(plan.nodesPerSession()));
            }
            ids.add(api.createRunningSession(plan.hotNodes()));
            int hot = plan.sessions();

            long heapBefore = api.heapAfterGc();
            long rssBefore = server.rssBytes();

            Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2)
                    .setBlockedThreadCheckInterval(TimeUnit.HOURS.toMillis(1)));
            HttpClient sseClient = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setConnectTimeout(30_000), new PoolOptions().setHttp1MaxSize(total + 10));
            List<SseSubscriber> subscribers = new ArrayList<>(total);
            for (int s = 0; s < plan.sessions(); s++) {
                for (int i = 0; i < plan.subscribersPerSession(); i++) {
                    subscribers.add(new SseSubscriber(s, ids.get(s)));
                }
            }
            for (int i = 0; i < plan.hotSubscribers(); i++) {
                subscribers.add(new SseSubscriber(hot, ids.get(hot)));
            }
            long connectStarted = System.nanoTime();
            connectAll(vertx, sseClient, server.port(), subscribers);
            double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
            long connectFailures = subscribers.stream().filter(s -> s.error != null).count();
            if (connectFailures > 0) {
                context.report.failure("SSE: " + connectFailures + " subscribers could not connect, e.g. "
                        + subscribers.stream().filter(s -> s.error != null).findFirst().orElseThrow().error);
            }

            long heapSubscribed = api.heapAfterGc();
            long rssSubscribed = server.rssBytes();
            JsonNode metrics = optionalMetrics(api);

            // Writers: every node of every session reported completed, spread evenly over the write phase.
            List<Write> writes = plan(plan, ids.size());
            Map<Integer, Map<Long, Long>> acks = new ConcurrentHashMap<>();
            Map<Integer, Map<Long, Long>> sends = new ConcurrentHashMap<>();
            Map<Integer, Long> finalVersion = new ConcurrentHashMap<>();
            AtomicInteger writeFailures = new AtomicInteger();
            Histogram writeLatency = Latency.histogram();
            runWriters(server.port(), ids, writes, acks, sends, finalVersion, writeFailures, writeLatency,
                    plan.writePhase());

            // Every stream should end by itself after the terminal event; wait for that, with a bound.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && subscribers.stream().anyMatch(s -> !s.ended && s.error == null)) {
                Thread.sleep(50);
            }
            sseClient.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

            Histogram all = Latency.histogram();
            Histogram fromSend = Latency.histogram();
            Histogram ordinary = Latency.histogram();
            Histogram crowd = Latency.histogram();
            long beforeAck = 0;
            long delivered = 0;
            long possible = 0;
            long missedFinal = 0;
            long notEnded = 0;
            long outOfOrder = 0;
            for (SseSubscriber sub : subscribers) {
                Map<Long, Long> sessionAcks = acks.getOrDefault(sub.session, Map.of());
                Map<Long, Long> sessionSends = sends.getOrDefault(sub.session, Map.of());
                long firstVersion = sub.events() > 0 ? sub.version(0) : Long.MAX_VALUE;
                possible += sessionAcks.keySet().stream().filter(v -> v > firstVersion).count();
                for (int i = 0; i < sub.events(); i++) {
                    Long ack = sessionAcks.get(sub.version(i));
                    if (ack == null) {
                        continue; // the first snapshot, not a write's delivery
                    }
                    long micros = (sub.arrival(i) - ack) / 1000;
                    if (micros < 0) {
                        beforeAck++;
                        micros = 0;
                    }
                    delivered++;
                    all.recordValue(micros);
                    fromSend.recordValue(Math.max(0, (sub.arrival(i) - sessionSends.get(sub.version(i))) / 1000));
                    (sub.session == hot ? crowd : ordinary).recordValue(micros);
                }
                Long last = finalVersion.get(sub.session);
                if (last == null || sub.lastVersion != last || !"completed".equals(sub.lastStatus)) {
                    missedFinal++;
                }
                if (!sub.ended) {
                    notEnded++;
                }
                outOfOrder += sub.outOfOrder;
            }
            if (finalVersion.size() != ids.size()) {
                context.report.failure("SSE: only " + finalVersion.size() + " of " + ids.size()
                        + " sessions reached their final state (write failures: " + writeFailures.get() + ")");
            }
            if (missedFinal > 0 || outOfOrder > 0) {
                context.report.failure("SSE: " + missedFinal + " subscribers missed the final state, "
                        + outOfOrder + " events out of order");
            }
            Latency lAll = Latency.of(all);
            Latency lSend = Latency.of(fromSend);
            Latency lOrdinary = Latency.of(ordinary);
            Latency lCrowd = Latency.of(crowd);
            double heapPerSub = (double) (heapSubscribed - heapBefore) / total;
            double rssPerSub = (double) (rssSubscribed - rssBefore) / total;
            Latency lWrite = Latency.of(writeLatency);

            context.report.section("3. SSE fan-out")
                    .text(String.format(java.util.Locale.ROOT, "%,d subscribers on one instance: %,d sessions × %,d"
                                    + " subscribers, plus %,d on one hot session, each its own HTTP connection from a"
                                    + " non-blocking Vert.x client (2 event loops) in the harness process. Writers then"
                                    + " report every node of every session as completed (%,d per ordinary session,"
                                    + " %,d on the hot one; %,d writes spread evenly over %d s), so each session"
                                    + " finishes and its streams end. Latency: from the writer reading a write's 2xx"
                                    + " to the event carrying that version arriving at a subscriber — both stamped"
                                    + " with System.nanoTime in the harness. An event that arrives before its"
                                    + " write's 2xx counts as 0 (%,d of them did: the service publishes before it"
                                    + " answers); the last row measures from sending the write instead, an upper bound. Conflation may legitimately skip an"
                                    + " intermediate version for a subscriber; the final state may not be skipped."
                                    + " Server: `-Xms2g -Xmx2g`.",
                            total, plan.sessions(), plan.subscribersPerSession(), plan.hotSubscribers(),
                            plan.nodesPerSession(), plan.hotNodes(), writes.size(), plan.writePhase().toSeconds(),
                            beforeAck))
                    .table(List.of("subscribers", "events delivered", "p50", "p99", "max"), List.of(
                            List.of("all " + String.format("%,d", total), String.format("%,d", all.getTotalCount()),
                                    Report.ms(lAll.p50()), Report.ms(lAll.p99()), Report.ms(lAll.max())),
                            List.of("ordinary sessions", String.format("%,d", ordinary.getTotalCount()),
                                    Report.ms(lOrdinary.p50()), Report.ms(lOrdinary.p99()), Report.ms(lOrdinary.max())),
                            List.of("hot session", String.format("%,d", crowd.getTotalCount()),
                                    Report.ms(lCrowd.p50()), Report.ms(lCrowd.p99()), Report.ms(lCrowd.max())),
                            List.of("all, measured from the write's request instead of its 2xx",
                                    String.format("%,d", fromSend.getTotalCount()), Report.ms(lSend.p50()),
                                    Report.ms(lSend.p99()), Report.ms(lSend.max()))))
                    .table(List.of("figure", "value"), List.of(
                            List.of("subscribers connected (first snapshot received)",
                                    String.format("%,d of %,d in %.1f s", total - connectFailures, total, connectSeconds)),
                            List.of("sse_subscribers on the metrics endpoint then", metrics == null ? "–"
                                    : metrics.path("sse_subscribers").asText("–")),
                            List.of("subscribers that missed the final state", Long.toString(missedFinal)),
                            List.of("streams not ended by the server after the final state", Long.toString(notEnded)),
                            List.of("events out of order or duplicated", Long.toString(outOfOrder)),
                            List.of("write versions delivered / deliverable (rest conflated)",
                                    String.format("%,d / %,d", delivered, possible)),
                            List.of("writes: failures, p50, p99", writeFailures.get() + ", " + Report.ms(lWrite.p50())
                                    + ", " + Report.ms(lWrite.p99())),
                            List.of("heap per idle subscriber (after GC)", Report.bytes(heapPerSub)),
                            List.of("RSS per idle subscriber", Report.bytes(rssPerSub))));
            context.report.goal(String.format("SSE: %,d subscribers, delivery p99", total),
                    "≤ 250 ms, 0 missed final states", Report.ms(lAll.p99()) + ", " + missedFinal + " missed",
                    Report.Verdict.of(lAll.p99() <= 250 && missedFinal == 0 && all.getTotalCount() > 0));
            context.report.goal("heap per idle SSE subscriber", "≤ 8 KiB", Report.bytes(heapPerSub),
                    Report.Verdict.of(heapPerSub <= 8 * 1024));
        }
    }

    private static JsonNode optionalMetrics(Api api) {
        try {
            return api.metrics();
        } catch (Exception e) {
            return null;
        }
    }

    /** Opens every subscription, at most {@link #CONNECT_WINDOW} waiting for their first snapshot at once. */
    private static void connectAll(Vertx vertx, HttpClient client, int port, List<SseSubscriber> subscribers)
            throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(subscribers.size());
        AtomicInteger next = new AtomicInteger();
        Runnable[] openNext = new Runnable[1];
        openNext[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= subscribers.size()) {
                return;
            }
            SseSubscriber sub = subscribers.get(i);
            sub.onFirstEvent(() -> {
                connected.countDown();
                openNext[0].run();
            });
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
                    .setURI(Api.BASE + "/status/" + sub.taskId).putHeader("Accept", "text/event-stream");
            client.request(options).compose(req -> req.send()).onComplete(result -> {
                if (result.failed()) {
                    sub.failed(result.cause().toString());
                    return;
                }
                var response = result.result();
                if (response.statusCode() != 200) {
                    response.body().onComplete(body -> sub.failed("status " + response.statusCode() + ": "
                            + (body.succeeded() ? body.result().toString() : "")));
                    return;
                }
                response.handler(sub::onChunk);
                response.endHandler(v -> sub.ended = true);
                response.exceptionHandler(e -> sub.ended = true);
            });
        };
        for (int w = 0; w < CONNECT_WINDOW; w++) {
            vertx.runOnContext(v -> openNext[0].run());
        }
        if (!connected.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + (subscribers.size() - connected.getCount()) + " of "
                    + subscribers.size() + " subscribers connected within 5 minutes");
        }
    }

    private static List<Write> plan(Options.Sse plan, int sessions) {
        long phase = plan.writePhase().toNanos();
        List<Write> writes = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            int nodes = s == sessions - 1 ? plan.hotNodes() : plan.nodesPerSession();
            // Sessions start their writes staggered, so the writes of one tick do not all hit one moment.
            double offset = (double) s / sessions;
            for (int n = 0; n < nodes; n++) {
                writes.add(new Write(s, "node-" + n, (long) ((n + offset) * phase / nodes)));
            }
        }
        writes.sort(Comparator.comparingLong(Write::dueNanos));
        return writes;
    }

    private static void runWriters(int port, List<String> ids, List<Write> writes, Map<Integer, Map<Long, Long>> acks,
                                   Map<Integer, Map<Long, Long>> sends, Map<Integer, Long> finalVersion, AtomicInteger failures, Histogram latency,
                                   Duration phase) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1)
                .setBlockedThreadCheckInterval(TimeUnit.HOURS.toMillis(1)));
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                    new PoolOptions().setHttp1MaxSize(32));
            CountDownLatch done = new CountDownLatch(writes.size());
            AtomicInteger next = new AtomicInteger();
            AtomicLong start = new AtomicLong();
            vertx.runOnContext(v -> {
                start.set(System.nanoTime());
                vertx.setPeriodic(2, timer -> {
                    long elapsed = System.nanoTime() - start.get();
                    while (next.get() < writes.size() && writes.get(next.get()).dueNanos() <= elapsed) {
                        Write w = writes.get(next.getAndIncrement());
                        send(client, port, ids.get(w.session()), w, acks, sends, finalVersion, failures, latency, done);
                    }
                    if (next.get() >= writes.size()) {
                        vertx.cancelTimer(timer);
                    }
                });
            });
            if (!done.await(phase.toSeconds() + 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(done.getCount() + " writes never answered");
            }
            client.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static void send(HttpClient client, int port, String taskId, Write w, Map<Integer, Map<Long, Long>> acks,
                             Map<Integer, Map<Long, Long>> sends, Map<Integer, Long> finalVersion, AtomicInteger failures, Histogram latency,
                             CountDownLatch done) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(port)
                .setURI(Api.BASE + "/sessions/" + taskId + "/nodes/" + w.nodeId())
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
        long sent = System.nanoTime();
        client.request(options).compose(req -> req.send(NODE_BODY))
                .compose(resp -> resp.body().map(body -> new Object[]{resp.statusCode(), body}))
                .onComplete(result -> {
                    long acked = System.nanoTime();
                    try {
                        if (result.failed() || (int) result.result()[0] != 200) {
                            failures.incrementAndGet();
                            return;
                        }
                        latency.recordValue((acked - sent) / 1000);
                        JsonNode doc = Api.JSON.readTree(((Buffer) result.result()[1]).getBytes());
                        long version = doc.get("version").asLong();
                        acks.computeIfAbsent(w.session(), s -> new ConcurrentHashMap<>()).put(version, acked);
                        sends.computeIfAbsent(w.session(), s -> new ConcurrentHashMap<>()).put(version, sent);
                        if ("completed".equals(doc.get("status").asText())) {
                            finalVersion.put(w.session(), version);
                        }
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    } finally {
                        done.countDown();
                    }
                });
    }
}
