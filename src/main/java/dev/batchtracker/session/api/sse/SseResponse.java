package dev.batchtracker.session.api.sse;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.SseEventSink;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a stream of ready SSE frames straight to the HTTP response, as they are: a session's frames are rendered
 * once per version for all its subscribers, so nothing is serialised or framed per connection here.
 * <p>
 * The next frame is asked for only once the previous one has been written to the socket: a client that reads slowly
 * holds back its own stream, which then keeps only the newest version for it. The JAX-RS sink is what makes the
 * framework leave the response to us; closing it ends the response and the request.
 */
public final class SseResponse implements Flow.Subscriber<Buffer> {

    private static final Logger LOG = Logger.getLogger(SseResponse.class);

    private final HttpServerResponse response;
    private final SseEventSink sink;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Flow.Subscription subscription;

    private SseResponse(HttpServerResponse response, SseEventSink sink) {
        this.response = response;
        this.sink = sink;
    }

    /**
     * The position a reconnecting client resumes from: the {@code Last-Event-ID} header a spec-following client
     * sends, else the {@code last_event_id} query parameter of one that cannot set headers; null for neither.
     */
    public static String lastEventId(String header, String query) {
        return header != null ? header : query;
    }

    /**
     * Refuses a stream to a client that does not accept one. The framework routes a request whose Accept matches
     * none of a path's methods to the event-stream method, so without this an {@code Accept: application/xml}
     * client would get an endless stream instead of a 406.
     */
    public static void requireAccepted(List<MediaType> acceptable) {
        for (MediaType type : acceptable) {
            if (type.isCompatible(MediaType.SERVER_SENT_EVENTS_TYPE)) {
                return;
            }
        }
        throw new NotAcceptableException();
    }

    /** Starts the response and pipes the frames into it until either side ends. */
    public static void stream(Flow.Publisher<Buffer> frames, HttpServerResponse response, SseEventSink sink) {
        SseResponse writer = new SseResponse(response, sink);
        writer.start();
        // Subscribed even when the client is gone already, so the stream learns it at once and frees its slot.
        frames.subscribe(writer);
    }

    /**
     * Answers 204 No Content, no body: the answer that tells an EventSource to stop reconnecting, for a client that
     * has everything its stream would ever send.
     */
    public static void nothingMore(HttpServerResponse response, SseEventSink sink) {
        try {
            response.setStatusCode(204).end();
        } catch (RuntimeException e) {
            // the client is gone already: nothing to tell it
        }
        sink.close(); // the response has ended: only marks the sink closed, so the framework writes nothing more
    }

    /**
     * Writes the response head before anything is subscribed: every accepted stream, an empty one too (the instance
     * is shutting down), answers 200 with its head at once, and the frames and the end come after it.
     */
    private void start() {
        // Vert.x reports a connection that closes before the response ended as an exception of the response.
        response.exceptionHandler(ignored -> end());
        try {
            response.setStatusCode(200).setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.SERVER_SENT_EVENTS)
                    // A live stream must be neither cached nor buffered by a proxy (nginx honours X-Accel-Buffering).
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            // The head goes out here, before any frame: the framework then adds nothing of its own once the method
            // returns, so a stream that ends at once cannot race it.
            response.write(Buffer.buffer());
        } catch (RuntimeException e) {
            end(); // the response can no longer be written: the client is gone
        }
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (!ended.get()) {
            subscription.request(1);
        }
        if (ended.get()) {
            subscription.cancel(); // ended before or while subscribing: end() may not have seen this subscription
        }
    }

    @Override
    public void onNext(Buffer frame) {
        try {
            response.write(frame).onComplete(written -> {
                if (written.succeeded()) {
                    subscription.request(1);
                } else {
                    end();
                }
            });
        } catch (RuntimeException e) {
            end(); // the response ended meanwhile
        }
    }

    @Override
    public void onError(Throwable failure) {
        LOG.warn("a session stream failed; its response ends", failure);
        end();
    }

    @Override
    public void onComplete() {
        end();
    }

    /** Exactly once, however the stream ends: releases the stream and ends the response. */
    private void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        sink.close();
    }
}
