package dev.batchtracker.session.api;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionGoneException;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SessionEventHub;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Long polling: waits, without holding a thread, for a session version newer than one the client has. A waiting
 * poll is a hub listener plus a timer entry; whichever comes first (a newer version, the session's removal, the
 * timeout) answers it and drops the other. Not SSE: only the status document's {@code wait_for_version} uses it.
 */
@ApplicationScoped
class VersionWatch {

    private final BatchSessionManager manager;
    private final SessionEventHub hub;

    VersionWatch(BatchSessionManager manager, SessionEventHub hub) {
        this.manager = manager;
        this.hub = hub;
    }

    /**
     * @return the session as soon as its version exceeds {@code version}; empty at the timeout
     * @throws dev.batchtracker.session.BatchException (404/410) when the session is unknown or gone, also when it
     *         goes while the poll waits
     */
    Uni<Optional<Session>> awaitNewerThan(UUID taskId, long version, Duration timeout) {
        return Uni.createFrom().<Optional<Session>>emitter(emitter -> {
            SessionEventHub.Subscription subscription = hub.subscribe(taskId, event -> {
                if (event instanceof SessionEvent.Changed changed && changed.session().version() > version) {
                    emitter.complete(Optional.of(changed.session()));
                } else if (event instanceof SessionEvent.Gone removed) {
                    emitter.fail(new SessionGoneException(taskId, removed.reason()));
                }
            });
            emitter.onTermination(subscription::close);
            // Re-read after subscribing: a write between the caller's read and the subscription is not missed.
            Session current = manager.get(taskId);
            if (current.version() > version) {
                emitter.complete(Optional.of(current));
            }
        }).ifNoItem().after(timeout).recoverWithItem(Optional.empty());
    }
}
