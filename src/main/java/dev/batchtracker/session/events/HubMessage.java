package dev.batchtracker.session.events;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.UUID;

/**
 * One event as it travels between instances.
 *
 * @param origin the sending instance, so it ignores its own messages
 * @param version the session version a change produced (0 for gone)
 * @param reason why the session is gone (null for a change)
 * @param session the changed session when it fits in one message; null means "re-read it from the store"
 */
@RegisterForReflection
record HubMessage(String origin, Kind kind, UUID taskId, long version, GoneReason reason, Session session) {

    enum Kind {
        CHANGED, GONE
    }

    static HubMessage of(String origin, SessionEvent event) {
        if (event instanceof SessionEvent.Changed changed) {
            return new HubMessage(origin, Kind.CHANGED, changed.taskId(), changed.session().version(), null,
                    changed.session());
        }
        SessionEvent.Gone gone = (SessionEvent.Gone) event;
        return new HubMessage(origin, Kind.GONE, gone.taskId(), 0, gone.reason(), null);
    }

    HubMessage withoutSession() {
        return new HubMessage(origin, kind, taskId, version, reason, null);
    }
}
