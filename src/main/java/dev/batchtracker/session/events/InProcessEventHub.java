package dev.batchtracker.session.events;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** The single-instance hub: a concurrent map from session id to its listeners. */
@DefaultBean
@ApplicationScoped
public class InProcessEventHub implements SessionEventHub {

    private static final Logger LOG = Logger.getLogger(InProcessEventHub.class);

    private final ConcurrentHashMap<UUID, Set<Consumer<SessionEvent>>> listeners = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final Set<Consumer<SessionEvent>> everything = ConcurrentHashMap.newKeySet();

    @Override
    public void publish(SessionEvent event) {
        Set<Consumer<SessionEvent>> targets = listeners.get(event.taskId());
        if (targets != null) {
            deliver(targets, event);
        }
        if (!everything.isEmpty()) {
            deliver(everything, event);
        }
    }

    private static void deliver(Set<Consumer<SessionEvent>> targets, SessionEvent event) {
        for (Consumer<SessionEvent> listener : targets) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                // One broken listener must not starve the others.
                LOG.warnf(e, "session event listener failed for %s", event.taskId());
            }
        }
    }

    @Override
    public Subscription subscribe(UUID taskId, Consumer<SessionEvent> listener) {
        listeners.compute(taskId, (id, set) -> {
            Set<Consumer<SessionEvent>> next = set != null ? set : ConcurrentHashMap.newKeySet();
            next.add(listener);
            return next;
        });
        count.incrementAndGet();
        return new Subscription() {
            private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

            @Override
            public void close() {
                if (!closed.compareAndSet(false, true)) {
                    return;
                }
                listeners.computeIfPresent(taskId, (id, set) -> {
                    set.remove(listener);
                    return set.isEmpty() ? null : set;
                });
                count.decrementAndGet();
            }
        };
    }

    @Override
    public Subscription subscribeAll(Consumer<SessionEvent> listener) {
        everything.add(listener);
        return () -> everything.remove(listener);
    }

    /** Whether anyone here watches this session (a shared hub skips remote events nobody here wants). */
    public boolean hasListeners(UUID taskId) {
        return listeners.containsKey(taskId) || !everything.isEmpty();
    }

    /** The sessions watched here right now. */
    public Set<UUID> subscribedTaskIds() {
        return Set.copyOf(listeners.keySet());
    }

    @Override
    public int subscriberCount() {
        return count.get();
    }
}
