package dev.batchtracker.session.events;

import dev.batchtracker.session.Session;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** Long polling: waits, without holding a thread, for a session version newer than one the client has. STUB. */
@ApplicationScoped
public class VersionWatch {

    /**
     * @return the session as soon as its version exceeds {@code version}; empty at the timeout
     * @throws dev.batchtracker.session.BatchException (404/410) when the session is unknown or gone
     */
    public Uni<Optional<Session>> awaitNewerThan(UUID taskId, long version, Duration timeout) {
        throw new UnsupportedOperationException("long poll not built yet");
    }
}
