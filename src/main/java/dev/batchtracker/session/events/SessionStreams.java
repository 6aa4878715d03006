package dev.batchtracker.session.events;

import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.util.UUID;

/**
 * Builds the SSE stream of one session for one subscriber. STUB: the SSE work fills it in.
 */
@ApplicationScoped
public class SessionStreams {

    /**
     * @param lastEventId the version the client already has (Last-Event-ID), or null
     * @throws dev.batchtracker.session.BatchException (404/410/503) before any stream exists
     */
    public Multi<OutboundSseEvent> open(UUID taskId, Long lastEventId, Sse sse) {
        throw new UnsupportedOperationException("SSE not built yet");
    }
}
