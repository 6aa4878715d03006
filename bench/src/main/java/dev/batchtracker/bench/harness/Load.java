package dev.batchtracker.bench.harness;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A closed-loop HTTP load generator: a fixed number of keep-alive connections, each with one request in flight,
 * sending the next as soon as the previous answer has been read in full. Non-blocking (Vert.x, one event loop), so
 * it costs little of the CPU the service needs. Latency is measured from sending to the last byte of the answer.
 * Answers are filed by completion time into the current {@link Window}, so a step can split one run into phases.
 */
final class Load implements AutoCloseable {

    /** One request to send. */
    record Request(HttpMethod method, String uri, Buffer body) {
    }

    /** Chooses each user's next request; {@code seq} counts that user's requests. Null ends that user's run. */
    @FunctionalInterface
    interface Source {
        Request next(int user, long seq);
    }

    /** Sees every answer, on the load's event loop (keep it cheap); status -1 is a transport error. */
    @FunctionalInterface
    interface Answers {
        void answered(int user, long seq, int status, String etag);

        Answers NONE = (user, seq, status, etag) -> {
        };
    }

    /**
     * A point and the answers of the whole run behind it (warm-up, measured window and drain), by status: what a
     * check of the stored state afterwards must agree with.
     */
    record Measured(Point point, Map<Integer, Long> allStatuses) {
        long all(int status) {
            return allStatuses.getOrDefault(status, 0L);
        }
    }

    /** What one phase of a run saw. */
    static final class Window {
        final String label;
        final long startNanos;
        volatile long endNanos;
        final Histogram latencyMicros = new SynchronizedHistogram(3_600_000_000L, 3);
        final LongAdder ok = new LongAdder();
        final LongAdder failures = new LongAdder();
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();

        Window(String label, long startNanos) {
            this.label = label;
            this.startNanos = startNanos;
        }

        double seconds() {
            return (endNanos - startNanos) / 1e9;
        }

        Point point(String name, int concurrency) {
            return point(name, concurrency, Double.NaN, Double.NaN);
        }

        Point point(String name, int concurrency, double serverCpuSeconds, double engineCpuSeconds) {
            Map<Integer, Long> byStatus = new TreeMap<>();
            statuses.forEach((status, n) -> byStatus.put(status, n.sum()));
            long answers = ok.sum() + failures.sum();
            return new Point(name, concurrency, seconds(), ok.sum(), failures.sum(), ok.sum() / seconds(),
                    Latency.of(latencyMicros), byStatus, serverCpuSeconds * 1e6 / answers,
                    engineCpuSeconds * 1e6 / answers);
        }
    }

    /**
     * The figures of one load point.
     *
     * @param ok answers with the expected status
     * @param failures other statuses and transport errors
     * @param serverCpuMicros CPU time (user + system) the service process spent per answer, NaN when unknown
     * @param engineCpuMicros CPU time the database engines ({@link EngineCpu}) spent per answer, NaN when unknown
     */
    record Point(String name, int concurrency, double seconds, long ok, long failures, double throughput,
                 Latency latency, Map<Integer, Long> statuses, double serverCpuMicros, double engineCpuMicros) {
        double failureRate() {
            long all = ok + failures;
            return all == 0 ? 1.0 : (double) failures / all;
        }
    }

    private final Vertx vertx;

    Load() {
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1)
                .setBlockedThreadCheckInterval(TimeUnit.HOURS.toMillis(1)));
    }

    Vertx vertx() {
        return vertx;
    }

    /** A running load; stop it with {@link Run#stop}. */
    final class Run {
        private final HttpClient client;
        private final int port;
        private final Source source;
        private final int expectedStatus;
        private final CountDownLatch finished;
        private volatile boolean stopping;
        private volatile Window current;
        private final AtomicLong sent = new AtomicLong();
        private final Answers answers;
        private final Map<Integer, LongAdder> allStatuses = new ConcurrentHashMap<>();

        private Run(int port, int concurrency, Source source, int expectedStatus, Answers answers) {
            this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setPipelining(false)
                            .setConnectTimeout(10_000),
                    new PoolOptions().setHttp1MaxSize(concurrency));
            this.port = port;
            this.source = source;
            this.expectedStatus = expectedStatus;
            this.answers = answers;
            this.finished = new CountDownLatch(concurrency);
            this.current = new Window("start", System.nanoTime());
            var context = vertx.getOrCreateContext();
            context.runOnContext(v -> {
                for (int user = 0; user < concurrency; user++) {
                    send(user, 0);
                }
            });
        }

        private void send(int user, long seq) {
            if (stopping) {
                finished.countDown();
                return;
            }
            Request request = source.next(user, seq);
            if (request == null) {
                finished.countDown();
                return;
            }
            RequestOptions options = new RequestOptions().setMethod(request.method()).setHost("127.0.0.1")
                    .setPort(port).setURI(request.uri()).putHeader("Accept", "application/json");
            if (request.body() != null) {
                options.putHeader("Content-Type", "application/json");
            }
            sent.incrementAndGet();
            long started = System.nanoTime();
            client.request(options)
                    .compose(req -> request.body() == null ? req.send() : req.send(request.body()))
                    .compose(resp -> resp.body().map(body -> resp))
                    .onComplete(answer -> {
                        long ended = System.nanoTime();
                        Window window = current;
                        int status = answer.succeeded() ? answer.result().statusCode() : -1;
                        if (status == expectedStatus) {
                            window.ok.increment();
                            window.latencyMicros.recordValue(Math.max(0, (ended - started) / 1000));
                        } else {
                            window.failures.increment();
                        }
                        window.statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        allStatuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        answers.answered(user, seq, status,
                                answer.succeeded() ? answer.result().getHeader("ETag") : null);
                        send(user, seq + 1);
                    });
        }

        /** Closes the current window and opens one named {@code label}; returns the closed one. */
        Window mark(String label) {
            long now = System.nanoTime();
            Window closed = current;
            current = new Window(label, now);
            closed.endNanos = now;
            return closed;
        }

        /** Every answer so far, of every window, by status. */
        Map<Integer, Long> allStatuses() {
            Map<Integer, Long> byStatus = new TreeMap<>();
            allStatuses.forEach((status, n) -> byStatus.put(status, n.sum()));
            return byStatus;
        }

        /**
         * Waits until every user's source has run out (returned null), at most {@code cap}; then stops the rest.
         *
         * @return the window since the last mark (the whole run when nothing marked it)
         */
        Window awaitEnd(Duration cap) throws InterruptedException {
            finished.await(cap.toMillis(), TimeUnit.MILLISECONDS);
            return stop();
        }

        /** Stops sending, waits for the answers in flight, and returns the last window. */
        Window stop() throws InterruptedException {
            Window last = mark("stopped");
            stopping = true;
            if (!finished.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("load did not drain within 60 s");
            }
            client.close().toCompletionStage().toCompletableFuture().join();
            return last;
        }
    }

    Run start(int port, int concurrency, Source source, int expectedStatus) {
        return new Run(port, concurrency, source, expectedStatus, Answers.NONE);
    }

    Run start(int port, int concurrency, Source source, int expectedStatus, Answers answers) {
        return new Run(port, concurrency, source, expectedStatus, answers);
    }

    /**
     * Warm up, then measure one window of {@code measure}; the usual shape of an HTTP point.
     *
     * @param server whose CPU time to count over the window, or null
     */
    Point point(String name, Server server, int concurrency, Duration warmup, Duration measure, Source source,
                int expectedStatus) throws InterruptedException {
        return measure(name, server, concurrency, warmup, measure, source, expectedStatus).point();
    }

    /** {@link #point}, with the answers of the whole run beside the measured window's. */
    Measured measure(String name, Server server, int concurrency, Duration warmup, Duration measure, Source source,
                     int expectedStatus) throws InterruptedException {
        Run run = start(server.port(), concurrency, source, expectedStatus);
        Thread.sleep(warmup.toMillis());
        double cpuBefore = server.cpuSeconds();
        double engineBefore = EngineCpu.seconds();
        run.mark("measure");
        Thread.sleep(measure.toMillis());
        Window window = run.mark("cooldown");
        double cpu = server.cpuSeconds() - cpuBefore;
        double engine = EngineCpu.seconds() - engineBefore;
        run.stop();
        return new Measured(window.point(name, concurrency, cpu, engine), run.allStatuses());
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
