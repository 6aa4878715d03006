package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.api.document.SessionDocuments;
import dev.batchtracker.session.Wire;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.buffer.Buffer;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The three kinds of frame a session stream carries, in their SSE wire form: {@code status} (id = version, data =
 * the status document without history), {@code gone}, and the heartbeat comment.
 * <p>
 * A status frame is rendered and framed once per version for all of the session's subscribers (see
 * {@link RenderedStatuses}), and the same bytes go to every connection: rendering and framing per subscriber were
 * most of a fan-out's CPU (bench/FINDINGS.md). A written {@link Buffer} is not consumed, so sharing one is safe.
 */
final class SseFrames implements ConflatingStream.Frames<Buffer> {

    static final String STATUS = "status";
    static final String GONE = "gone";
    static final String HEARTBEAT = "heartbeat";
    /** Sent with the first event of every stream: how long a browser waits before it reconnects. */
    static final long RETRY_MILLIS = 3_000;

    private static final byte[] RETRY_FIELD = ("retry: " + RETRY_MILLIS + "\n").getBytes(StandardCharsets.UTF_8);

    private final SessionDocuments documents;
    private final ObjectMapper mapper;
    private final RenderedStatuses<Buffer> rendered;
    // An instance field, not a static constant: a native image initialises this class at build time, and a
    // Vert.x buffer (Netty memory) must not be in the image heap (issue 14).
    private final Buffer heartbeatFrame = Buffer.buffer(": " + HEARTBEAT + "\n\n");

    SseFrames(SessionDocuments documents, ObjectMapper mapper, RenderedStatuses<Buffer> rendered) {
        this.documents = documents;
        this.mapper = mapper;
        this.rendered = rendered;
    }

    @Override
    public Buffer status(Session session, boolean first) {
        Buffer frame = rendered.of(session,
                s -> frame(STATUS, Long.toString(s.version()), json(documents.summary(s))));
        return first ? withRetry(frame) : frame;
    }

    @Override
    public Buffer gone(UUID taskId, GoneReason reason, boolean first) {
        Buffer frame = frame(GONE, null,
                json(new GoneDocument(taskId.toString(), Wire.name(reason))));
        return first ? withRetry(frame) : frame;
    }

    @Override
    public Buffer heartbeat() {
        return heartbeatFrame;
    }

    /**
     * One event: its fields, then one {@code data} line per line of the data (a field ends at CR, LF or CRLF, so a
     * line break inside the data would otherwise cut it short), then the blank line that dispatches it.
     */
    static Buffer frame(String event, String id, byte[] data) {
        Buffer out = Buffer.buffer(data.length + 48);
        out.appendString("event: ").appendString(event).appendByte((byte) '\n');
        if (id != null) {
            out.appendString("id: ").appendString(id).appendByte((byte) '\n');
        }
        int lineStart = 0;
        for (int i = 0; i <= data.length; i++) {
            if (i == data.length || data[i] == '\n' || data[i] == '\r') {
                out.appendString("data: ").appendBytes(data, lineStart, i - lineStart).appendByte((byte) '\n');
                if (i + 1 < data.length && data[i] == '\r' && data[i + 1] == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
        }
        return out.appendByte((byte) '\n');
    }

    /** The first event of a stream also tells the client how long to wait before reconnecting. */
    static Buffer withRetry(Buffer frame) {
        return Buffer.buffer(RETRY_FIELD.length + frame.length()).appendBytes(RETRY_FIELD).appendBuffer(frame);
    }

    private byte[] json(Object document) {
        return json(mapper, document);
    }

    static byte[] json(ObjectMapper mapper, Object document) {
        try {
            return mapper.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The data of a {@code gone} event. */
    @RegisterForReflection
    public record GoneDocument(String taskId, String reason) {
    }
}
