package dev.batchtracker.session;

import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SessionEventHub;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** A hub that only remembers what was published, in order, so tests can assert on it. */
final class RecordingEventHub implements SessionEventHub {

    private final List<SessionEvent> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(SessionEvent event) {
        published.add(event);
    }

    @Override
    public Subscription subscribe(UUID taskId, Consumer<SessionEvent> listener) {
        throw new UnsupportedOperationException("the manager only publishes");
    }

    @Override
    public Subscription subscribeAll(Consumer<SessionEvent> listener) {
        throw new UnsupportedOperationException("the manager only publishes");
    }

    @Override
    public int subscriberCount() {
        return 0;
    }

    List<SessionEvent> published() {
        return List.copyOf(published);
    }

    void clear() {
        published.clear();
    }
}
