package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CapacityExceededException;
import dev.batchtracker.session.Page;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.api.document.SessionDocuments;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.session.feed.FeedPump;
import dev.batchtracker.session.metrics.OpenStreams;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Opens the SSE streams of sessions and looks after all of them together: the subscriber limit, one shared
 * heartbeat timer for every stream (not a timer per subscriber), and a clean end of every stream on shutdown.
 * No thread is held per subscriber: a stream is a conflating publisher of ready SSE frames, driven by the hub, the
 * client's demand and the timer.
 */
@ApplicationScoped
public class SseStreams implements OpenStreams {

    private final BatchSessionManager manager;
    private final SessionEventHub hub;
    private final Vertx vertx;
    private final BatchConfig config;
    private final SseFrames frames;
    private final FeedPump pump;
    private final FeedFrames feedFrames;

    /**
     * How long an opened stream may wait for its response to subscribe to it. That happens at once after opening;
     * this only keeps the stream's slot from leaking should the request fail in between.
     */
    static final Duration SUBSCRIBE_GRACE = Duration.ofSeconds(30);

    /** Sessions a feed lists before its first {@code snapshot} event; the list endpoint pages the rest. */
    static final int FEED_FIRST_PAGE = 100;

    private final Set<FrameStream<Buffer>> streams = ConcurrentHashMap.newKeySet();
    /** Streams reserved or open; compared against the limit with compare-and-set, so it is never overshot. */
    private final AtomicInteger reserved = new AtomicInteger();
    private volatile boolean shuttingDown;
    private volatile Long heartbeatTimer;

    public SseStreams(BatchSessionManager manager, SessionEventHub hub, FeedPump pump, SessionDocuments documents,
                      ObjectMapper mapper, Vertx vertx, BatchConfig config, Clock clock) {
        this.manager = manager;
        this.hub = hub;
        this.pump = pump;
        this.vertx = vertx;
        this.config = config;
        this.frames = new SseFrames(documents, mapper, new RenderedStatuses<>(clock));
        this.feedFrames = new FeedFrames(documents, mapper, new RenderedStatuses<>(clock));
    }

    void startHeartbeat(@Observes StartupEvent event) {
        heartbeatTimer = vertx.setPeriodic(config.sse().heartbeat().toMillis(), id -> heartbeat());
    }

    /**
     * Opens the stream of one session for one subscriber. Everything that can refuse it (404, 410, 503) is thrown
     * here, before the response starts, so a client never gets an empty stream instead of an error.
     *
     * @param lastEventId the version the client already has (Last-Event-ID), or null
     * @return the stream, or empty when the session is finished and the client has its final version: there is
     *         nothing left to send, ever
     * @throws dev.batchtracker.session.BatchException (404/410/503) before any stream exists
     */
    public Optional<Flow.Publisher<Buffer>> open(UUID taskId, Long lastEventId) {
        if (shuttingDown) {
            // Not a 503: a browser's EventSource gives up for good on any error status, but reconnects after an
            // ended response, by then to an instance that is up.
            Session current = manager.get(taskId);
            return hasFinalVersion(current, lastEventId) ? Optional.empty() : Optional.of(Multi.createFrom().empty());
        }
        try {
            reserve();
        } catch (CapacityExceededException full) {
            // A client that has a finished session's final version needs no slot: it gets 204 at the limit too.
            if (lastEventId != null && hasFinalVersion(manager.get(taskId), lastEventId)) {
                return Optional.empty();
            }
            throw full;
        }
        ConflatingStream<Buffer> stream = new ConflatingStream<>(taskId, lastEventId, frames,
                unsubscribedTicksAllowed(), this::released);
        streams.add(stream);
        Session current;
        try {
            stream.attach(hub.subscribe(taskId, stream::onEvent));
            // Subscribed first, read second: a write that lands between the two still reaches the stream, and the
            // stream's version guard drops whichever of the two copies comes second.
            current = manager.get(taskId);
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        if (hasFinalVersion(current, lastEventId)) {
            stream.close(); // frees the slot and the hub listener at once
            return Optional.empty();
        }
        stream.offer(current);
        return Optional.of(stream);
    }

    /**
     * Opens a feed of the sessions {@code filter} matches, counted against the same limit as session streams. Fresh
     * (no {@code lastEventId}): the first page of matching sessions, then a {@code snapshot} event whose id is the
     * position read before the page, then every change after it. Resumed: every change after {@code lastEventId}.
     * Blocking (it reads the store): call it from a worker thread.
     *
     * @param firstPage the first page of the listing with this filter, of at most the given size
     * @throws dev.batchtracker.session.FeedResyncException (410) when {@code lastEventId} can no longer be resumed
     */
    public Flow.Publisher<Buffer> openFeed(SessionFilter filter, Long lastEventId,
                                           IntFunction<Page<Session>> firstPage) {
        if (shuttingDown) {
            return Multi.createFrom().empty(); // see open(): the client reconnects to an instance that is up
        }
        if (lastEventId != null) {
            pump.checkResumable(lastEventId);
        }
        reserve();
        FeedStream<Buffer> stream = new FeedStream<>(feedFrames, unsubscribedTicksAllowed(), this::released);
        streams.add(stream);
        try {
            if (lastEventId != null) {
                stream.attach(pump.join(filter, lastEventId, Set.of(), false, stream));
            } else {
                long position = pump.position();
                Page<Session> page = firstPage.apply(FEED_FIRST_PAGE);
                stream.open(page.items(), position, page.nextCursor());
                Set<UUID> listed = new HashSet<>();
                page.items().forEach(session -> listed.add(session.id()));
                stream.attach(pump.join(filter, position, listed, page.nextCursor() == null, stream));
            }
        } catch (RuntimeException e) {
            stream.close();
            throw e;
        }
        return stream;
    }

    /** Sessions the open feeds hold back for their clients, per feed: bounded, conflated per session. */
    List<Integer> feedPendingCounts() {
        List<Integer> pending = new ArrayList<>();
        for (FrameStream<Buffer> stream : streams) {
            if (stream instanceof FeedStream<Buffer> feed) {
                pending.add(feed.pendingCount());
            }
        }
        return pending;
    }

    /** A finished session never changes again, so a client that has its final version has all it will ever get. */
    private static boolean hasFinalVersion(Session session, Long lastEventId) {
        return session.status().isTerminal() && lastEventId != null && session.version() <= lastEventId;
    }

    /** Open SSE streams on this instance (the {@code sse_subscribers} figure). */
    @Override
    public int subscriberCount() {
        return reserved.get();
    }

    /**
     * What the open streams of one session hold back for their clients: per stream at most one version (null when
     * nothing waits), never a queue. Lets tests watch conflation from the server's side.
     */
    List<Long> pendingVersions(UUID taskId) {
        List<Long> pending = new ArrayList<>();
        for (FrameStream<Buffer> stream : streams) {
            if (stream instanceof ConflatingStream<Buffer> single && single.taskId().equals(taskId)) {
                pending.add(single.pendingVersion());
            }
        }
        return pending;
    }

    /** Ends every open stream cleanly; each client sees its response end (and may reconnect elsewhere). */
    public void closeAll() {
        for (FrameStream<?> stream : streams) {
            stream.close();
        }
    }

    /**
     * The first sign of a shutdown, fired (with quarkus.shutdown.delay-enabled) before the HTTP server closes its
     * connections: streams end here with a proper end of response, and clients reconnect to an instance that is up.
     */
    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        shutDown();
    }

    /** Too late for open connections (the HTTP server closed them already), but stops the timer in any case. */
    void onShutdown(@Observes ShutdownEvent event) {
        shutDown();
    }

    private void shutDown() {
        shuttingDown = true;
        Long timer = heartbeatTimer;
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        closeAll();
    }

    private void heartbeat() {
        for (FrameStream<?> stream : streams) {
            stream.tick();
        }
    }

    private int unsubscribedTicksAllowed() {
        long heartbeatMillis = Math.max(1, config.sse().heartbeat().toMillis());
        return (int) Math.max(2, Math.min(Integer.MAX_VALUE, SUBSCRIBE_GRACE.toMillis() / heartbeatMillis + 1));
    }

    private void reserve() {
        int limit = config.sse().maxSubscribers();
        while (true) {
            int current = reserved.get();
            if (current >= limit) {
                throw new CapacityExceededException("This instance serves its maximum of " + limit
                        + " live streams; retry later or poll with wait_for_version");
            }
            if (reserved.compareAndSet(current, current + 1)) {
                return;
            }
        }
    }

    private void released(FrameStream<Buffer> stream) {
        streams.remove(stream);
        reserved.decrementAndGet();
    }
}
