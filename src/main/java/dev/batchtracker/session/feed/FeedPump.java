package dev.batchtracker.session.feed;

import dev.batchtracker.session.FeedResyncException;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.session.store.ChangePage;
import dev.batchtracker.session.store.SessionStore;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads the store's change feed once for every feed subscriber of this instance and hands each change to those
 * whose filter wants it. Runs only while there are subscribers: woken by every hub event (a shared hub brings the
 * other instances' too) and by a short timer in case an event was lost or came before its change was readable.
 * <p>
 * Single flight: all reads and all subscriber state live on one pump thread, never an event loop. A subscriber
 * that starts behind the pump's position first catches up with reads of its own, up to that position, and then
 * joins the shared reads: the store numbers each change once, so the two meet without gap or duplicate.
 */
@ApplicationScoped
public class FeedPump {

    private static final Logger LOG = Logger.getLogger(FeedPump.class);
    /** How often the pump reads without being woken, while it has subscribers. */
    static final Duration POLL = Duration.ofMillis(250);
    static final int PAGE = 500;
    /** Pages per wake-up, shared and per catching-up subscriber; the rest follows at once in the next run. */
    private static final int PAGES_PER_RUN = 20;
    private static final long UNSET = Long.MIN_VALUE;

    private final SessionStore store;
    private final SessionEventHub hub;
    private final Set<Member> members = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong reads = new AtomicLong();
    private volatile ScheduledExecutorService thread;

    // Pump thread only.
    private long cursor = UNSET;
    private ScheduledFuture<?> timer;
    private SessionEventHub.Subscription hubSubscription;

    public FeedPump(SessionStore store, SessionEventHub hub) {
        this.store = store;
        this.hub = hub;
    }

    /** A subscriber's place in the pump; closing it stops deliveries. */
    public interface Membership extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Delivers every change after {@code position} that {@code filter} wants to {@code listener}, until closed.
     *
     * @param sent the ids the client was already sent (a first page), so it hears when one of them leaves the
     *             filter or is removed
     * @param knowsHoldings whether {@code sent} is all the client holds; when not (a resumed stream, a first page
     *             with more to page), every removal and every change of a non-matching session is passed on too
     */
    public Membership join(SessionFilter filter, long position, Set<UUID> sent, boolean knowsHoldings,
                           FeedListener listener) {
        Member member = new Member(filter, position, sent, knowsHoldings, listener);
        members.add(member);
        poke();
        return () -> {
            member.closed = true;
            members.remove(member);
        };
    }

    /** Where a feed starting now begins: read before its first page, so no change after the page is missed. */
    public long position() {
        return store.feedPosition();
    }

    /**
     * Refuses a position a feed can no longer resume from without missing a removal.
     *
     * @throws FeedResyncException when a tombstone numbered after it was purged
     */
    public void checkResumable(long lastEventId) {
        if (store.changesAfter(lastEventId, 0).lost(lastEventId)) {
            throw new FeedResyncException(lastEventId);
        }
    }

    /** Store reads so far, for tests. */
    long reads() {
        return reads.get();
    }

    /** Asks for a run; at most one is pending. */
    void poke() {
        if (scheduled.compareAndSet(false, true)) {
            executor().execute(this::run);
        }
    }

    private ScheduledExecutorService executor() {
        ScheduledExecutorService current = thread;
        if (current == null) {
            synchronized (this) { // once, at the first subscriber
                if (thread == null) {
                    thread = Executors.newSingleThreadScheduledExecutor(task -> {
                        Thread pump = new Thread(task, "batch-feed-pump");
                        pump.setDaemon(true);
                        return pump;
                    });
                }
                current = thread;
            }
        }
        return current;
    }

    private void run() {
        scheduled.set(false);
        if (members.isEmpty()) {
            stopWatching();
            return;
        }
        startWatching();
        try {
            if (cursor == UNSET) {
                cursor = members.stream().mapToLong(m -> m.position).min().orElseThrow();
            }
            boolean more = false;
            for (Member member : members) {
                if (!member.joined && !member.closed) {
                    more |= catchUp(member);
                }
            }
            more |= advance();
            if (more) {
                poke();
            }
        } catch (RuntimeException e) {
            // The store is away: subscribers keep what they have; the timer tries again.
            LOG.debugf("feed pump read failed: %s", e.getMessage());
        }
    }

    /** @return whether the member is still behind after this run's pages */
    private boolean catchUp(Member member) {
        for (int i = 0; i < PAGES_PER_RUN; i++) {
            if (member.position >= cursor) {
                member.joined = true;
                return false;
            }
            ChangePage page = read(member.position);
            if (page.lost(member.position)) {
                drop(member);
                return false;
            }
            for (ChangePage.Change change : page.changes()) {
                if (change.seq() > cursor) {
                    member.joined = true; // the shared reads bring this one and what follows
                    return false;
                }
                member.offer(change, true);
            }
            member.position = Math.min(page.position(), cursor);
        }
        return member.position < cursor;
    }

    /** @return whether the shared reads stopped with more to read */
    private boolean advance() {
        for (int i = 0; i < PAGES_PER_RUN; i++) {
            ChangePage page = read(cursor);
            if (page.lost(cursor)) {
                // The pump fell behind a purge (it read nothing for the whole tombstone retention): every joined
                // subscriber may miss a removal, so they all start over.
                members.stream().filter(m -> m.joined).forEach(this::drop);
                cursor = UNSET;
                return !members.isEmpty();
            }
            for (ChangePage.Change change : page.changes()) {
                for (Member member : members) {
                    if (member.joined && !member.closed) {
                        member.offer(change, false);
                    }
                }
            }
            cursor = page.position();
            if (page.changes().size() < PAGE) {
                return false;
            }
        }
        return true;
    }

    private ChangePage read(long after) {
        reads.incrementAndGet();
        return store.changesAfter(after, PAGE);
    }

    private void drop(Member member) {
        members.remove(member);
        member.closed = true;
        member.listener.lost();
    }

    private void startWatching() {
        if (timer == null) {
            hubSubscription = hub.subscribeAll(event -> poke());
            timer = executor().scheduleWithFixedDelay(this::poke, POLL.toMillis(), POLL.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void stopWatching() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
            hubSubscription.close();
            hubSubscription = null;
        }
        cursor = UNSET;
    }

    @PreDestroy
    void close() {
        ScheduledExecutorService current = thread;
        if (current != null) {
            current.shutdownNow();
        }
    }

    /** One subscriber as the pump sees it; touched on the pump thread only (but for {@code closed}). */
    private static final class Member {
        private final FeedSubscription filterState;
        private final FeedListener listener;
        private long position;
        private boolean joined;
        private volatile boolean closed;

        Member(SessionFilter filter, long position, Set<UUID> sent, boolean knowsHoldings,
               FeedListener listener) {
            this.filterState = new FeedSubscription(filter, sent, knowsHoldings);
            this.listener = listener;
            this.position = position;
        }

        void offer(ChangePage.Change change, boolean catchingUp) {
            if (change.seq() <= position) {
                return; // the subscriber had it (it joined ahead of the pump)
            }
            position = change.seq();
            if (change instanceof ChangePage.Changed changed) {
                if (filterState.passesChange(changed.session(), catchingUp)) {
                    listener.status(changed.seq(), changed.session());
                }
            } else if (change instanceof ChangePage.Removed removed) {
                if (filterState.passesRemoval(removed.taskId())) {
                    listener.gone(removed.seq(), removed.tombstone());
                }
            }
        }
    }
}
