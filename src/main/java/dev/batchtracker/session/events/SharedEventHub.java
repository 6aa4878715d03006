package dev.batchtracker.session.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.codec.SessionJson;
import dev.batchtracker.session.store.SessionStore;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The hub of an instance that shares its store with others: events published here fan out locally at once and
 * go to the other instances through an {@link EventTransport}; events from other instances fan out to the
 * subscribers here.
 * <p>
 * A change travels with its session when the encoded message fits the transport, so a subscriber gets exactly
 * the version that was written; otherwise the message names only id and version and this instance re-reads the
 * session from the (shared) store. Received messages are handled one at a time on a hub thread, in arrival
 * order, so the transport's thread (maybe an event loop) never waits for a store read and versions are not
 * reordered here.
 */
public final class SharedEventHub implements SessionEventHub, EventTransport.Receiver, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SharedEventHub.class);
    /** Received messages waiting for the hub thread; beyond this they are dropped (subscribers conflate anyway). */
    static final int INBOUND_QUEUE = 10_000;

    private final String instanceId;
    private final InProcessEventHub local = new InProcessEventHub();
    private final EventTransport transport;
    private final SessionStore store;
    private final ThreadPoolExecutor inbound;
    private final AtomicLong dropped = new AtomicLong();

    public SharedEventHub(String instanceId, EventTransport transport, SessionStore store) {
        this.instanceId = instanceId;
        this.transport = transport;
        this.store = store;
        this.inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(INBOUND_QUEUE), task -> {
                    Thread thread = new Thread(task, "batch-hub-inbound");
                    thread.setDaemon(true);
                    return thread;
                }, (task, executor) -> {
                    if (dropped.incrementAndGet() % 1000 == 1) {
                        LOG.warnf("shared event hub is behind: dropped %d received events so far", dropped.get());
                    }
                });
    }

    /** Starts receiving from the other instances. */
    public SharedEventHub start() {
        transport.start(this);
        return this;
    }

    public String instanceId() {
        return instanceId;
    }

    @Override
    public void publish(SessionEvent event) {
        local.publish(event);
        String message;
        try {
            message = encode(HubMessage.of(instanceId, event));
        } catch (RuntimeException e) {
            LOG.errorf(e, "cannot encode the event of %s for other instances", event.taskId());
            return;
        }
        transport.send(message);
    }

    private String encode(HubMessage message) {
        String full = write(message);
        if (message.session() == null || full.getBytes(StandardCharsets.UTF_8).length <= transport.maxMessageBytes()) {
            return full;
        }
        return write(message.withoutSession());
    }

    private static String write(HubMessage message) {
        try {
            return SessionJson.mapper().writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode hub message", e);
        }
    }

    @Override
    public Subscription subscribe(UUID taskId, Consumer<SessionEvent> listener) {
        return local.subscribe(taskId, listener);
    }

    @Override
    public Subscription subscribeAll(Consumer<SessionEvent> listener) {
        return local.subscribeAll(listener);
    }

    @Override
    public int subscriberCount() {
        return local.subscriberCount();
    }

    @Override
    public void onMessage(String message) {
        inbound.execute(() -> deliver(message));
    }

    @Override
    public void onResubscribed() {
        inbound.execute(() -> local.subscribedTaskIds().forEach(this::refresh));
    }

    private void deliver(String text) {
        HubMessage message;
        try {
            // Most messages are this instance's own echo or of a session nobody here watches: decided on the
            // header, without binding the session a message carries (which was 16 % of a writing instance's CPU).
            Header header = header(text);
            if (header != null && (instanceId.equals(header.origin()) || !local.hasListeners(header.taskId()))) {
                return;
            }
            message = SessionJson.mapper().readValue(text, HubMessage.class);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("ignoring a malformed hub message: %s", e.getMessage());
            return;
        }
        if (instanceId.equals(message.origin()) || !local.hasListeners(message.taskId())) {
            return;
        }
        switch (message.kind()) {
            case GONE -> local.publish(new SessionEvent.Gone(message.taskId(), message.reason()));
            case CHANGED -> {
                if (message.session() != null) {
                    local.publish(new SessionEvent.Changed(message.session()));
                } else {
                    reread(message.taskId()).ifPresent(s -> local.publish(new SessionEvent.Changed(s)));
                }
            }
        }
    }

    /** Who sent a message and which session it is about. */
    record Header(String origin, UUID taskId) {
    }

    /**
     * The origin and task id of a message, read token by token up to the point both are known ({@link HubMessage}
     * writes them first, before the session); null when the message lacks either.
     */
    static Header header(String text) throws IOException {
        try (JsonParser parser = SessionJson.mapper().getFactory().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String origin = null;
            UUID taskId = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                switch (name) {
                    case "origin" -> origin = parser.getValueAsString();
                    case "taskId" -> taskId = UUID.fromString(parser.getValueAsString());
                    default -> parser.skipChildren();
                }
                if (origin != null && taskId != null) {
                    return new Header(origin, taskId);
                }
            }
            return null;
        }
    }

    /** After a gap in the transport: tell subscribers where their sessions stand now. */
    private void refresh(UUID taskId) {
        Optional<Session> session = reread(taskId);
        if (session.isPresent()) {
            local.publish(new SessionEvent.Changed(session.get()));
            return;
        }
        try {
            Optional<Tombstone> tombstone = store.findTombstone(taskId);
            tombstone.ifPresent(t -> local.publish(new SessionEvent.Gone(taskId, t.reason())));
        } catch (RuntimeException e) {
            LOG.warnf("cannot refresh session %s after a transport gap: %s", taskId, e.getMessage());
        }
    }

    private Optional<Session> reread(UUID taskId) {
        try {
            return store.find(taskId);
        } catch (RuntimeException e) {
            // The store is down: subscribers keep their last version and get the next event that arrives.
            LOG.warnf("cannot re-read session %s for its subscribers: %s", taskId, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        transport.close();
        inbound.shutdownNow();
    }
}
