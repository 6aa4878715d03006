package dev.batchtracker.session.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.api.SessionDocuments;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.UUID;

/**
 * Renders the three kinds of frame a session stream carries: {@code status} (id = version, data = the status
 * document without history), {@code gone}, and the heartbeat comment.
 * <p>
 * The data is rendered here to a JSON string with the service's mapper (a status once per version for all the
 * session's subscribers, see {@link RenderedStatuses}), and handed to the framework as plain text: an event with a
 * media type of its own would make the framework add a non-standard field.
 */
final class StatusEvents implements SessionStream.Frames<OutboundSseEvent> {

    static final String STATUS = "status";
    static final String GONE = "gone";
    static final String HEARTBEAT = "heartbeat";
    /** Sent with the first event of every stream: how long a browser waits before it reconnects. */
    static final long RETRY_MILLIS = 3_000;

    private final Sse sse;
    private final SessionDocuments documents;
    private final ObjectMapper mapper;
    private final RenderedStatuses rendered;

    StatusEvents(Sse sse, SessionDocuments documents, ObjectMapper mapper, RenderedStatuses rendered) {
        this.sse = sse;
        this.documents = documents;
        this.mapper = mapper;
        this.rendered = rendered;
    }

    @Override
    public OutboundSseEvent status(Session session, boolean first) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder()
                .name(STATUS)
                .id(Long.toString(session.version()))
                .data(String.class, rendered.json(session, s -> json(documents.summary(s))));
        return (first ? builder.reconnectDelay(RETRY_MILLIS) : builder).build();
    }

    @Override
    public OutboundSseEvent gone(UUID taskId, GoneReason reason, boolean first) {
        OutboundSseEvent.Builder builder = sse.newEventBuilder()
                .name(GONE)
                .data(String.class, json(new GoneDocument(taskId.toString(), reason.name().toLowerCase(Locale.ROOT))));
        return (first ? builder.reconnectDelay(RETRY_MILLIS) : builder).build();
    }

    @Override
    public OutboundSseEvent heartbeat() {
        return sse.newEventBuilder().comment(HEARTBEAT).build();
    }

    private String json(Object document) {
        try {
            return mapper.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data of a {@code gone} event. */
    @RegisterForReflection
    public record GoneDocument(String taskId, String reason) {
    }
}
