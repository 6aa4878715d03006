package dev.batchtracker.session.events;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;

import java.util.UUID;

/** What the hub fans out: a new version of a session, or its removal. Small and immutable. */
public sealed interface SessionEvent {

    UUID taskId();

    record Changed(Session session) implements SessionEvent {
        @Override
        public UUID taskId() {
            return session.id();
        }
    }

    record Gone(UUID taskId, GoneReason reason) implements SessionEvent {
    }
}
