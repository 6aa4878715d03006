package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SessionEventHub;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One subscriber's SSE stream of one session, as a single-use publisher.
 * <p>
 * Conflating: whatever the client does, the stream holds at most one pending snapshot (the newest version not yet
 * sent), one pending {@code gone} and one heartbeat flag. A client that reads slowly does not demand the next event
 * until the previous one left the socket, so versions written meanwhile replace each other in the slot instead of
 * queueing. Emissions are serialised by a work-in-progress counter (no lock), and a version is sent only when it is
 * newer than the last one sent, so versions on the stream strictly increase even when writers publish out of order.
 */
final class ConflatingStream<F> implements Flow.Publisher<F>, Flow.Subscription {

    private final UUID taskId;
    private final Frames<F> frames;
    private final int unsubscribedTicksAllowed;
    private final Consumer<ConflatingStream<F>> onEnd;

    private final AtomicReference<Session> latest = new AtomicReference<>();
    private final AtomicReference<GoneReason> gone = new AtomicReference<>();
    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicInteger unsubscribedTicks = new AtomicInteger();
    private final AtomicReference<SessionEventHub.Subscription> hubSubscription = new AtomicReference<>();
    private volatile boolean heartbeatDue;
    private volatile boolean closing;
    private volatile boolean cancelled;
    private volatile boolean badRequest;
    private volatile Flow.Subscriber<? super F> downstream;
    /**
     * The connection's Vert.x context, so drains triggered by writers and timers run on the connection's thread: the
     * event-loop context the subscriber last asked for more from (it asks when its previous frame was written).
     */
    private volatile Context context;

    // Touched only inside drain(), which the work-in-progress counter serialises.
    private long lastSentVersion;
    private boolean sentAny;
    private boolean done;

    /**
     * @param lastEventId              the version the client already has; nothing at or below it is sent
     * @param unsubscribedTicksAllowed heartbeat ticks the stream may wait for its subscriber before it is given up
     * @param onEnd                    runs once when the stream ends, however it ends
     */
    ConflatingStream(UUID taskId, Long lastEventId, Frames<F> frames, int unsubscribedTicksAllowed,
                     Consumer<ConflatingStream<F>> onEnd) {
        this.taskId = Objects.requireNonNull(taskId);
        this.frames = frames;
        this.unsubscribedTicksAllowed = unsubscribedTicksAllowed;
        this.onEnd = onEnd;
        this.lastSentVersion = lastEventId == null ? 0L : lastEventId;
    }

    UUID taskId() {
        return taskId;
    }

    void attach(SessionEventHub.Subscription subscription) {
        hubSubscription.set(subscription);
        if (ended.get()) {
            subscription.close();
        }
    }

    /** The hub's listener: a newer version or the session's removal. */
    void onEvent(SessionEvent event) {
        if (event instanceof SessionEvent.Changed changed) {
            offer(changed.session());
        } else if (event instanceof SessionEvent.Gone removed) {
            gone.compareAndSet(null, removed.reason());
            schedule();
        }
    }

    /** Keeps the newest version only: an older one arriving late (out-of-order publishers) never replaces it. */
    void offer(Session session) {
        latest.accumulateAndGet(session, (current, offered) ->
                current == null || offered.version() > current.version() ? offered : current);
        schedule();
    }

    /**
     * A heartbeat tick of the shared timer: asks for a comment line when nothing else goes out first.
     *
     * @return false when the stream was never subscribed for too long and has been given up
     */
    boolean tick() {
        if (!subscribed.get()) {
            // The response failed before the framework subscribed (client gone at once): free the slot.
            if (unsubscribedTicks.incrementAndGet() > unsubscribedTicksAllowed) {
                close();
                return false;
            }
            return true;
        }
        heartbeatDue = true;
        schedule();
        return true;
    }

    /**
     * Ends the stream cleanly (shutdown): the client sees the response end, not a reset. Drains on the caller's
     * thread rather than hopping to the connection's, so the end is under way before a shutdown goes on.
     */
    void close() {
        closing = true;
        if (!subscribed.get()) {
            end();
        }
        drain();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super F> subscriber) {
        Objects.requireNonNull(subscriber);
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(NoSubscription.INSTANCE);
            subscriber.onError(new IllegalStateException("an SSE stream has exactly one subscriber"));
            return;
        }
        rememberEventLoopContext();
        subscriber.onSubscribe(this);
        // Set only after onSubscribe returned, so no other thread can signal onNext before it.
        downstream = subscriber;
        drain();
    }

    @Override
    public void request(long n) {
        if (n <= 0) {
            badRequest = true; // signalled from the drain, so it never overlaps an onNext
            drain();
            return;
        }
        requested.accumulateAndGet(n, (current, more) -> current + more < 0 ? Long.MAX_VALUE : current + more);
        rememberEventLoopContext();
        drain();
    }

    private void rememberEventLoopContext() {
        Context current = Vertx.currentContext();
        if (current != null && current.isEventLoopContext() && current != context) {
            context = current;
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        end();
        drain(); // lets go of the subscriber (rule 3.13), also when cancelled from a thread that is not draining
    }

    /** Runs a drain on the connection's context when called from elsewhere; at most one such task is pending. */
    private void schedule() {
        Context target = context;
        if (target == null || Vertx.currentContext() == target) {
            drain();
            return;
        }
        if (drainScheduled.compareAndSet(false, true)) {
            target.runOnContext(ignored -> {
                drainScheduled.set(false);
                drain();
            });
        }
    }

    private void drain() {
        if (wip.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            Flow.Subscriber<? super F> subscriber = downstream;
            if (subscriber != null) {
                emitWhilePossible(subscriber);
                if (done) {
                    downstream = null; // an ended stream holds no reference to its subscriber (rule 3.13)
                }
            }
            missed = wip.addAndGet(-missed);
        } while (missed != 0);
    }

    private void emitWhilePossible(Flow.Subscriber<? super F> subscriber) {
        try {
            while (!done) {
                if (cancelled) {
                    done = true;
                    return;
                }
                if (badRequest) {
                    done = true;
                    end();
                    subscriber.onError(new IllegalArgumentException("request(n) needs n > 0 (Reactive Streams 3.9)"));
                    return;
                }
                if (closing) {
                    finish(subscriber);
                    return;
                }
                Session next = latest.get();
                if (next != null && next.version() <= lastSentVersion) {
                    latest.compareAndSet(next, null); // already sent, or the client had it (Last-Event-ID)
                    continue;
                }
                GoneReason removed = gone.get();
                if (next == null && removed == null && !heartbeatDue) {
                    return;
                }
                if (requested.get() == 0) {
                    return; // the client has not taken the previous event yet: keep conflating
                }
                requested.decrementAndGet();
                if (next != null) {
                    // A newer version that arrived meanwhile stays in the slot for the next round.
                    latest.compareAndSet(next, null);
                    lastSentVersion = next.version();
                    heartbeatDue = false;
                    subscriber.onNext(frames.status(next, firstEvent()));
                    if (next.status().isTerminal()) {
                        finish(subscriber);
                    }
                } else if (removed != null) {
                    subscriber.onNext(frames.gone(taskId, removed, firstEvent()));
                    finish(subscriber);
                } else {
                    heartbeatDue = false;
                    subscriber.onNext(frames.heartbeat());
                }
            }
        } catch (RuntimeException e) {
            // Rendering failed: end this stream alone, never leave the drain loop wedged.
            done = true;
            end();
            subscriber.onError(e);
        }
    }

    private boolean firstEvent() {
        boolean first = !sentAny;
        sentAny = true;
        return first;
    }

    private void finish(Flow.Subscriber<? super F> subscriber) {
        done = true;
        end();
        subscriber.onComplete();
    }

    /** Releases what the stream holds, exactly once. */
    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        SessionEventHub.Subscription subscription = hubSubscription.getAndSet(null);
        if (subscription != null) {
            subscription.close();
        }
        latest.set(null);
        onEnd.accept(this);
    }

    /** The version waiting to be sent, if any: all a slow client costs the server, whatever it does. */
    Long pendingVersion() {
        Session pending = latest.get();
        return pending == null ? null : pending.version();
    }

    boolean isEnded() {
        return ended.get();
    }

    /** Renders what a stream sends; the SSE wire form in production, plain values in unit tests. */
    interface Frames<F> {
        F status(Session session, boolean first);

        F gone(UUID taskId, GoneReason reason, boolean first);

        F heartbeat();
    }

    private enum NoSubscription implements Flow.Subscription {
        INSTANCE;

        @Override
        public void request(long n) {
        }

        @Override
        public void cancel() {
        }
    }
}
