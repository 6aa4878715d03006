package dev.batchtracker.session.store.redis;

import dev.batchtracker.session.events.EventTransport;
import io.vertx.core.Future;
import io.vertx.mutiny.core.Context;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries the shared event hub's messages between instances over one Redis pub/sub channel.
 * <p>
 * Two dedicated connections: one publishes (a single connection, so messages leave — and every subscriber gets
 * them — in the order {@link #send} was called), one subscribes. All state lives on one Vert.x context and is only
 * touched there, so nothing is locked and no caller waits: {@code send} enqueues and returns.
 * <p>
 * When the subscription is lost (Redis restarted, connection dropped) it is re-established with a growing delay
 * and the receiver hears {@link Receiver#onResubscribed()}, since anything published meanwhile was missed. A lost
 * connection that nobody closed (a half-open socket) is caught by a probe: every {@code probeInterval} the
 * transport publishes a small marker; when a whole interval passed with that marker not back and nothing else
 * heard either, the subscription is rebuilt (a busy channel is alive even if the marker is still queued). Probes
 * never reach the receiver.
 */
public final class RedisEventTransport implements EventTransport {

    private static final Logger LOG = Logger.getLogger(RedisEventTransport.class);
    /** Whole sessions up to this size travel in the message; bigger ones are re-read by the receivers. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** Messages waiting for the publishing connection; past this (a long outage) the oldest are dropped. */
    static final int MAX_PENDING = 10_000;
    private static final String PROBE_MARK = "~probe:";
    private static final long MIN_RETRY_MS = 100;
    /** How long {@link #close()} waits for the event loop to close the connections. */
    static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final Redis redis;
    private final String channel;
    private final long maxRetryMs;
    private final long probeIntervalMs;
    private final String probeId = UUID.randomUUID().toString();
    private final Context context;

    // Everything below is touched on `context` only.
    private Receiver receiver;
    private RedisConnection publisher;
    private boolean publisherConnecting;
    private final ArrayDeque<String> pending = new ArrayDeque<>();
    private long droppedWhileAway;
    private RedisConnection subscriber;
    private boolean subscribed;
    private boolean everSubscribed;
    private int failedAttempts;
    private long retryTimer = -1;
    private long probeTimer = -1;
    private long probeSeq;
    private boolean probeOutstanding;
    private boolean heardSinceProbe;
    /** Set by any thread at once, so connections the client closes during shutdown are not "lost". */
    private volatile boolean closed;

    /**
     * @param maxRetry the longest pause between two attempts to re-subscribe
     * @param probeInterval how often the subscription is checked end to end
     */
    public RedisEventTransport(Vertx vertx, Redis redis, String channel, Duration maxRetry, Duration probeInterval) {
        this.vertx = vertx;
        this.redis = redis;
        this.channel = channel;
        this.maxRetryMs = Math.max(MIN_RETRY_MS, maxRetry.toMillis());
        this.probeIntervalMs = probeInterval.toMillis();
        this.context = vertx.getOrCreateContext();
    }

    @Override
    public int maxMessageBytes() {
        return MAX_MESSAGE_BYTES;
    }

    @Override
    public void start(Receiver receiver) {
        context.runOnContext(() -> {
            this.receiver = receiver;
            subscribe();
            probeTimer = vertx.setPeriodic(probeIntervalMs, id -> probe());
        });
    }

    @Override
    public void send(String message) {
        context.runOnContext(() -> {
            if (closed) {
                return;
            }
            if (pending.size() >= MAX_PENDING) {
                pending.poll();
                droppedWhileAway++;
            }
            pending.add(message);
            flush();
        });
    }

    /**
     * Idempotent; callable from any thread. Off the event loop it returns only once the connections are closed (or
     * after {@link #CLOSE_BOUND}), so a shutdown observer that calls it is done with Redis before CDI stops. Left
     * to run later, this work met a stopped CDI container through the Mutiny calls' context capture, and Vert.x
     * logged "No CDI container is available" as an ERROR on stop.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CompletableFuture<Void> done = new CompletableFuture<>();
        context.runOnContext(() -> {
            try {
                vertx.cancelTimer(retryTimer);
                vertx.cancelTimer(probeTimer);
                pending.clear();
                Future.join(closeQuietly(subscriber), closeQuietly(publisher))
                        .onComplete(closedOrFailed -> done.complete(null));
                subscriber = null;
                publisher = null;
            } catch (RuntimeException e) {
                done.complete(null);
                throw e;
            }
        });
        if (!io.vertx.core.Context.isOnEventLoopThread()) {
            try {
                done.get(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                LOG.debugf("Redis event transport: connections not closed within %s", CLOSE_BOUND);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes through the core API: nothing captured, so it also works once the application has stopped. */
    private static Future<Void> closeQuietly(RedisConnection connection) {
        return connection == null ? Future.succeededFuture() : connection.getDelegate().close();
    }

    // ------------------------------------------------------------------ publishing

    private void flush() {
        if (publisher == null) {
            connectPublisher();
            return;
        }
        while (!pending.isEmpty()) {
            String message = pending.poll();
            // Pipelined on one connection: order kept. A failure shows on the connection's handlers too.
            publisher.send(Request.cmd(Command.PUBLISH).arg(channel).arg(message))
                    .subscribe().with(ok -> {
                    }, failure -> LOG.debugf("publish failed: %s", failure.getMessage()));
        }
    }

    private void connectPublisher() {
        if (publisherConnecting || closed) {
            return;
        }
        publisherConnecting = true;
        redis.connect().subscribe().with(
                connection -> context.runOnContext(() -> {
                    publisherConnecting = false;
                    if (closed) {
                        closeQuietly(connection);
                        return;
                    }
                    publisher = connection;
                    connection.exceptionHandler(e -> context.runOnContext(() -> publisherLost(connection, e)));
                    connection.endHandler(() -> context.runOnContext(() -> publisherLost(connection, null)));
                    if (droppedWhileAway > 0) {
                        LOG.warnf("Redis event transport: %d events could not be sent while Redis was away; "
                                + "subscribers elsewhere re-read their sessions on reconnect", droppedWhileAway);
                        droppedWhileAway = 0;
                    }
                    flush();
                }),
                failure -> context.runOnContext(() -> {
                    publisherConnecting = false;
                    // Redis is away: what waits now would be stale by the time it returns; drop it.
                    droppedWhileAway += pending.size();
                    pending.clear();
                }));
    }

    private void publisherLost(RedisConnection connection, Throwable cause) {
        if (connection != publisher) {
            return;
        }
        publisher = null;
        LOG.debugf("Redis event transport lost its publishing connection: %s",
                cause == null ? "closed" : cause.getMessage());
    }

    // ------------------------------------------------------------------ subscribing

    private void subscribe() {
        retryTimer = -1;
        if (closed) {
            return;
        }
        redis.connect().subscribe().with(
                connection -> context.runOnContext(() -> subscribeOn(connection)),
                failure -> context.runOnContext(() -> retry(failure)));
    }

    private void subscribeOn(RedisConnection connection) {
        if (closed) {
            closeQuietly(connection);
            return;
        }
        subscriber = connection;
        subscribed = false;
        connection.handler(reply -> context.runOnContext(() -> onReply(connection, reply)));
        connection.exceptionHandler(e -> context.runOnContext(() -> subscriptionLost(connection, e)));
        connection.endHandler(() -> context.runOnContext(() -> subscriptionLost(connection, null)));
        connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).subscribe().with(ok -> {
        }, failure -> context.runOnContext(() -> subscriptionLost(connection, failure)));
    }

    /** Pushed replies: the subscription confirmation and the channel's messages (RESP2 arrays or RESP3 pushes). */
    private void onReply(RedisConnection connection, Response reply) {
        if (connection != subscriber || reply == null || reply.size() < 3) {
            return;
        }
        String kind = reply.get(0).toString();
        heardSinceProbe = true;
        if ("subscribe".equalsIgnoreCase(kind)) {
            onSubscribed();
        } else if ("message".equalsIgnoreCase(kind) && channel.equals(reply.get(1).toString())) {
            String message = reply.get(2).toString();
            if (message.startsWith(PROBE_MARK)) {
                onProbe(message);
            } else {
                try {
                    receiver.onMessage(message);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "the event receiver failed on a message");
                }
            }
        }
    }

    private void onSubscribed() {
        subscribed = true;
        failedAttempts = 0;
        probeOutstanding = false;
        if (everSubscribed) {
            LOG.infof("Redis event transport subscribed again to %s", channel);
            receiver.onResubscribed();
        }
        everSubscribed = true;
    }

    private void subscriptionLost(RedisConnection connection, Throwable cause) {
        if (connection != subscriber || closed) {
            return;
        }
        subscriber = null;
        subscribed = false;
        connection.close().subscribe().with(ok -> {
        }, failure -> {
        });
        retry(cause);
    }

    private void retry(Throwable cause) {
        if (closed || retryTimer != -1) {
            return;
        }
        if (failedAttempts == 0) {
            LOG.warnf("Redis event transport lost its subscription (%s); re-subscribing",
                    cause == null ? "connection closed" : cause.getMessage());
        }
        long delay = Math.min(maxRetryMs, MIN_RETRY_MS << Math.min(failedAttempts, 10));
        failedAttempts++;
        retryTimer = vertx.setTimer(delay, id -> subscribe());
    }

    // ------------------------------------------------------------------ end-to-end probe

    private void probe() {
        if (closed || !subscribed) {
            return;
        }
        if (probeOutstanding && !heardSinceProbe) {
            // The subscription is dead without anyone having closed it.
            LOG.warnf("Redis event transport heard nothing on %s for %d ms; re-subscribing", channel, probeIntervalMs);
            subscriptionLost(subscriber, null);
            return;
        }
        probeOutstanding = true;
        heardSinceProbe = false;
        send(PROBE_MARK + probeId + ":" + (++probeSeq));
    }

    private void onProbe(String message) {
        if (message.equals(PROBE_MARK + probeId + ":" + probeSeq)) {
            probeOutstanding = false;
        }
    }
}
