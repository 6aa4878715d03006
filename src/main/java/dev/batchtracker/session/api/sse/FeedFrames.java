package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.Tombstone;
import dev.batchtracker.session.Wire;
import dev.batchtracker.session.api.document.SessionDocuments;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.buffer.Buffer;


/**
 * A collection feed's events in their SSE wire form. A session's document is the list item's (the status document
 * without history), rendered once per version for all feeds (see {@link RenderedStatuses}); only the frame around
 * it, whose id is the change sequence, is made per subscriber.
 */
final class FeedFrames implements FeedStream.Frames<Buffer> {

    static final String SNAPSHOT = "snapshot";

    private final SessionDocuments documents;
    private final ObjectMapper mapper;
    private final RenderedStatuses<byte[]> rendered;
    private final Buffer heartbeatFrame = Buffer.buffer(": " + SseFrames.HEARTBEAT + "\n\n");

    FeedFrames(SessionDocuments documents, ObjectMapper mapper, RenderedStatuses<byte[]> rendered) {
        this.documents = documents;
        this.mapper = mapper;
        this.rendered = rendered;
    }

    /** A session of the first page: no id, as the page is not a position (the snapshot event after it is). */
    @Override
    public Buffer listed(Session session) {
        return status(null, session);
    }

    @Override
    public Buffer snapshot(long position, String nextCursor) {
        return SseFrames.frame(SNAPSHOT, Long.toString(position), json(new SnapshotDocument(nextCursor)));
    }

    @Override
    public Buffer status(Long id, Session session) {
        return SseFrames.frame(SseFrames.STATUS, id == null ? null : id.toString(),
                rendered.of(session, s -> json(documents.summary(s))));
    }

    @Override
    public Buffer gone(Long id, Tombstone tombstone) {
        return SseFrames.frame(SseFrames.GONE, id == null ? null : id.toString(), json(
                new SseFrames.GoneDocument(tombstone.taskId().toString(), Wire.name(tombstone.reason()))));
    }

    @Override
    public Buffer heartbeat() {
        return heartbeatFrame;
    }

    @Override
    public Buffer withRetry(Buffer frame) {
        return SseFrames.withRetry(frame);
    }

    private byte[] json(Object document) {
        return SseFrames.json(mapper, document);
    }

    /**
     * The data of the {@code snapshot} event that ends a feed's first page.
     *
     * @param nextCursor where the list endpoint (same filters) continues; null when the page was all of it
     */
    @RegisterForReflection
    public record SnapshotDocument(String nextCursor) {
    }
}
