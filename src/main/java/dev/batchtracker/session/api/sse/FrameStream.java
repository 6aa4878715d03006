package dev.batchtracker.session.api.sse;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A single-use publisher of one subscriber's SSE frames, whatever the stream carries: the demand, the heartbeat,
 * the clean end and the Reactive Streams rules live here; a subclass only says what is pending and takes it.
 * <p>
 * Nothing queues: a subclass keeps its pending state conflated, and the next frame is taken only when the client
 * asked for one (it asks when its previous frame left the socket). Emissions are serialised by a
 * work-in-progress counter (no lock), and drains triggered from other threads run on the connection's context.
 */
abstract class FrameStream<F> implements Flow.Publisher<F>, Flow.Subscription {

    private final int unsubscribedTicksAllowed;
    private final Consumer<? super FrameStream<F>> onEnd;

    private final AtomicLong requested = new AtomicLong();
    private final AtomicInteger wip = new AtomicInteger();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicInteger unsubscribedTicks = new AtomicInteger();
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
    private boolean sentAny;
    private boolean done;

    /**
     * @param unsubscribedTicksAllowed heartbeat ticks the stream may wait for its subscriber before it is given up
     * @param onEnd                    runs once when the stream ends, however it ends
     */
    FrameStream(int unsubscribedTicksAllowed, Consumer<? super FrameStream<F>> onEnd) {
        this.unsubscribedTicksAllowed = unsubscribedTicksAllowed;
        this.onEnd = onEnd;
    }

    /** A frame to send and whether the stream ends after it. */
    record Emission<F>(F frame, boolean last) {
    }

    /** Whether an event is pending; may drop pending state that turned out stale. Called inside the drain only. */
    protected abstract boolean hasPending();

    /** Takes the pending event (there is one) as a frame; {@code first} when it is the stream's first event. */
    protected abstract Emission<F> takePending(boolean first);

    protected abstract F heartbeatFrame();

    /** Lets go of what the stream holds (hub subscriptions, pending state); called once when it ends. */
    protected abstract void released();

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
    protected void schedule() {
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
                boolean pending = hasPending();
                if (!pending && !heartbeatDue) {
                    return;
                }
                if (requested.get() == 0) {
                    return; // the client has not taken the previous event yet: keep conflating
                }
                requested.decrementAndGet();
                heartbeatDue = false;
                if (pending) {
                    boolean first = !sentAny;
                    sentAny = true;
                    Emission<F> emission = takePending(first);
                    subscriber.onNext(emission.frame());
                    if (emission.last()) {
                        finish(subscriber);
                    }
                } else {
                    subscriber.onNext(heartbeatFrame());
                }
            }
        } catch (RuntimeException e) {
            // Rendering failed: end this stream alone, never leave the drain loop wedged.
            done = true;
            end();
            subscriber.onError(e);
        }
    }

    private void finish(Flow.Subscriber<? super F> subscriber) {
        done = true;
        end();
        subscriber.onComplete();
    }

    /** Releases what the stream holds, exactly once. */
    protected final void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        released();
        onEnd.accept(this);
    }

    boolean isEnded() {
        return ended.get();
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
