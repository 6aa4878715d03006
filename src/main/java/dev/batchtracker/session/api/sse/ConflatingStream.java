package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SessionEventHub;

import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * One subscriber's SSE stream of one session, as a single-use publisher.
 * <p>
 * Conflating: whatever the client does, the stream holds at most one pending snapshot (the newest version not yet
 * sent), one pending {@code gone} and one heartbeat flag. A client that reads slowly does not demand the next event
 * until the previous one left the socket, so versions written meanwhile replace each other in the slot instead of
 * queueing. A version is sent only when it is newer than the last one sent, so versions on the stream strictly
 * increase even when writers publish out of order.
 */
final class ConflatingStream<F> extends FrameStream<F> {

    private final UUID taskId;
    private final Frames<F> frames;

    private final AtomicReference<Session> latest = new AtomicReference<>();
    private final AtomicReference<GoneReason> gone = new AtomicReference<>();
    private final AtomicReference<SessionEventHub.Subscription> hubSubscription = new AtomicReference<>();

    // Touched only inside the drain.
    private long lastSentVersion;

    /**
     * @param lastEventId              the version the client already has; nothing at or below it is sent
     * @param unsubscribedTicksAllowed heartbeat ticks the stream may wait for its subscriber before it is given up
     * @param onEnd                    runs once when the stream ends, however it ends
     */
    @SuppressWarnings("unchecked")
    ConflatingStream(UUID taskId, Long lastEventId, Frames<F> frames, int unsubscribedTicksAllowed,
                     Consumer<ConflatingStream<F>> onEnd) {
        super(unsubscribedTicksAllowed, stream -> onEnd.accept((ConflatingStream<F>) stream));
        this.taskId = Objects.requireNonNull(taskId);
        this.frames = frames;
        this.lastSentVersion = lastEventId == null ? 0L : lastEventId;
    }

    UUID taskId() {
        return taskId;
    }

    void attach(SessionEventHub.Subscription subscription) {
        hubSubscription.set(subscription);
        if (isEnded()) {
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

    @Override
    protected boolean hasPending() {
        Session next = latest.get();
        while (next != null && next.version() <= lastSentVersion) {
            latest.compareAndSet(next, null); // already sent, or the client had it (Last-Event-ID)
            next = latest.get();
        }
        return next != null || gone.get() != null;
    }

    @Override
    protected Emission<F> takePending(boolean first) {
        Session next = latest.get();
        if (next != null) {
            // A newer version that arrived meanwhile stays in the slot for the next round.
            latest.compareAndSet(next, null);
            lastSentVersion = next.version();
            return new Emission<>(frames.status(next, first), next.status().isTerminal());
        }
        return new Emission<>(frames.gone(taskId, gone.get(), first), true);
    }

    @Override
    protected F heartbeatFrame() {
        return frames.heartbeat();
    }

    @Override
    protected void released() {
        SessionEventHub.Subscription subscription = hubSubscription.getAndSet(null);
        if (subscription != null) {
            subscription.close();
        }
        latest.set(null);
    }

    /** The version waiting to be sent, if any: all a slow client costs the server, whatever it does. */
    Long pendingVersion() {
        Session pending = latest.get();
        return pending == null ? null : pending.version();
    }

    /** Renders what a stream sends; the SSE wire form in production, plain values in unit tests. */
    interface Frames<F> {
        F status(Session session, boolean first);

        F gone(UUID taskId, GoneReason reason, boolean first);

        F heartbeat();
    }
}
