package dev.batchtracker.session.events;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Fans session events out to whoever watches a session (SSE streams, long polls). In-process for one instance;
 * a shared store brings a hub that also carries events between instances.
 * <p>
 * Listeners are called on the publisher's thread or a hub thread; they must return quickly and never block.
 */
public interface SessionEventHub {

    void publish(SessionEvent event);

    /** Starts delivering events of one session to {@code listener} until the returned handle is closed. */
    Subscription subscribe(UUID taskId, Consumer<SessionEvent> listener);

    /**
     * Starts delivering the events of every session (a shared hub's included, from every instance) until the
     * returned handle is closed. Not counted in {@link #subscriberCount()}.
     */
    Subscription subscribeAll(Consumer<SessionEvent> listener);

    /** Listeners currently subscribed, all sessions together. */
    int subscriberCount();

    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
