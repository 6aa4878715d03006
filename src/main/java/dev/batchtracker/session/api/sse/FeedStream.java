package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.Session;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.feed.FeedListener;
import dev.batchtracker.session.feed.FeedPump;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * One subscriber's SSE feed of a collection: first the listed sessions and the {@code snapshot} event (or nothing,
 * when resuming), then a {@code status} or {@code gone} event per change, each with its change sequence as id.
 * <p>
 * Conflated per session: at most one pending event per session, the newest; a session changed again moves to the
 * end, so pending events stay in sequence order and a client that resumes from the last id it got misses nothing.
 * Past {@link #MAX_PENDING} sessions waiting, the stream ends instead of growing: the client reconnects with its
 * Last-Event-ID and catches up from the store. The pending map is guarded by the stream's own monitor, held for a
 * map operation at a time.
 */
final class FeedStream<F> extends FrameStream<F> implements FeedListener {

    /** Sessions that may wait for a slow client before its stream is ended. */
    static final int MAX_PENDING = 10_000;

    private final Frames<F> frames;
    private final Queue<F> opening = new ArrayDeque<>();
    private final Map<UUID, Pending> pending = new LinkedHashMap<>();
    private volatile FeedPump.Membership membership;
    private volatile boolean overflowed;

    private record Pending(long seq, Session session, Tombstone tombstone) {
    }

    @SuppressWarnings("unchecked")
    FeedStream(Frames<F> frames, int unsubscribedTicksAllowed, Consumer<FeedStream<F>> onEnd) {
        super(unsubscribedTicksAllowed, stream -> onEnd.accept((FeedStream<F>) stream));
        this.frames = frames;
    }

    /** The first page: its sessions, then the event that names the position and the rest of the listing. */
    void open(List<Session> listed, long position, String nextCursor) {
        synchronized (pending) {
            for (Session session : listed) {
                opening.add(frames.listed(session));
            }
            opening.add(frames.snapshot(position, nextCursor));
        }
        schedule();
    }

    void attach(FeedPump.Membership joined) {
        membership = joined;
        if (isEnded()) {
            joined.close();
        }
    }

    @Override
    public void status(long seq, Session session) {
        put(session.id(), new Pending(seq, session, null));
    }

    @Override
    public void gone(long seq, Tombstone tombstone) {
        put(tombstone.taskId(), new Pending(seq, null, tombstone));
    }

    @Override
    public void lost() {
        close();
    }

    private void put(UUID taskId, Pending event) {
        synchronized (pending) {
            pending.remove(taskId); // re-inserted at the end: the map stays in sequence order
            pending.put(taskId, event);
            if (pending.size() > MAX_PENDING) {
                overflowed = true;
            }
        }
        if (overflowed) {
            close(); // the client resumes from its last id; the store has the rest
        } else {
            schedule();
        }
    }

    @Override
    protected boolean hasPending() {
        synchronized (pending) {
            return !opening.isEmpty() || !pending.isEmpty();
        }
    }

    @Override
    protected Emission<F> takePending(boolean first) {
        synchronized (pending) {
            F opened = opening.poll();
            if (opened != null) {
                return new Emission<>(first ? frames.withRetry(opened) : opened, false);
            }
            Iterator<Pending> events = pending.values().iterator();
            Pending next = events.next();
            events.remove();
            // Rows of one transaction share a sequence: only the last of them carries the id, so a client that
            // resumes never skips the others.
            boolean sameSeqFollows = events.hasNext() && events.next().seq() == next.seq();
            Long id = sameSeqFollows ? null : next.seq();
            F frame = next.session() != null ? frames.status(id, next.session()) : frames.gone(id, next.tombstone());
            return new Emission<>(first ? frames.withRetry(frame) : frame, false);
        }
    }

    @Override
    protected F heartbeatFrame() {
        return frames.heartbeat();
    }

    @Override
    protected void released() {
        FeedPump.Membership joined = membership;
        if (joined != null) {
            joined.close();
        }
        synchronized (pending) {
            pending.clear();
            opening.clear();
        }
    }

    /** Sessions waiting for the client: all a slow client costs the server. */
    int pendingCount() {
        synchronized (pending) {
            return pending.size();
        }
    }

    /** Renders a feed's events; the SSE wire form in production. */
    interface Frames<F> {
        F listed(Session session);

        F snapshot(long position, String nextCursor);

        F status(Long id, Session session);

        F gone(Long id, Tombstone tombstone);

        F heartbeat();

        F withRetry(F frame);
    }
}
