package dev.batchtracker.session.api;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionGoneException;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.events.SessionEventHub;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * Long polling: waits, without holding a thread, for a version of a session that meets a condition (newer than one
 * the client has, or terminal). A waiting poll is a hub listener plus a timer entry; whichever comes first (a
 * version that meets it, the session's removal, the timeout) answers it and drops the other. Not SSE: only the
 * status document's {@code wait_for_version} and {@code wait=terminal} use it.
 */
@ApplicationScoped
class VersionWatch {

    private final BatchSessionManager manager;
    private final SessionEventHub hub;

    VersionWatch(BatchSessionManager manager, SessionEventHub hub) {
        this.manager = manager;
        this.hub = hub;
    }

    /** How a wait ended: the newest version seen, and whether it met the condition (false: the timeout came first). */
    record Waited(Session session, boolean met) {
    }

    static Predicate<Session> newerThan(long version) {
        return session -> session.version() > version;
    }

    static Predicate<Session> terminal() {
        return session -> session.status().isTerminal();
    }

    /**
     * @param seen the session as the caller last read it; at the timeout the answer is the newest version seen
     * @return as soon as a version meets {@code condition}, that version; else, at the timeout, the newest seen
     * @throws dev.batchtracker.session.BatchException (404/410) when the session is unknown or gone, also when it
     *         goes while the poll waits
     */
    Uni<Waited> await(Session seen, Predicate<Session> condition, Duration timeout) {
        UUID taskId = seen.id();
        AtomicReference<Session> newest = new AtomicReference<>(seen);
        return Uni.createFrom().<Waited>emitter(emitter -> {
            SessionEventHub.Subscription subscription = hub.subscribe(taskId, event -> {
                if (event instanceof SessionEvent.Changed changed) {
                    Session session = keepNewest(newest, changed.session());
                    if (condition.test(session)) {
                        emitter.complete(new Waited(session, true));
                    }
                } else if (event instanceof SessionEvent.Gone removed) {
                    emitter.fail(new SessionGoneException(taskId, removed.reason()));
                }
            });
            emitter.onTermination(subscription::close);
            // Re-read after subscribing: a write between the caller's read and the subscription is not missed.
            Session current = keepNewest(newest, manager.get(taskId));
            if (condition.test(current)) {
                emitter.complete(new Waited(current, true));
            }
        }).ifNoItem().after(timeout).recoverWithItem(() -> new Waited(newest.get(), false));
    }

    /** Versions may arrive out of order (local write and re-read race); the newest one is the one to judge. */
    private static Session keepNewest(AtomicReference<Session> newest, Session candidate) {
        return newest.accumulateAndGet(candidate, (kept, offered) -> offered.version() > kept.version() ? offered : kept);
    }
}
