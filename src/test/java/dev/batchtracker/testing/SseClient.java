package dev.batchtracker.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A test client for Server-Sent Events over a real HTTP connection: reads the response line by line, parses the
 * SSE fields and hands out frames with a bound on every wait. It can also hold off reading altogether, to play a
 * client that does not keep up.
 */
public final class SseClient implements AutoCloseable {

    public static final Duration BOUND = Duration.ofSeconds(10);

    /** One thing received: an event or a comment line. */
    public sealed interface Frame permits Event, Comment {
    }

    /** A dispatched event; fields absent on the wire are null. */
    public record Event(String name, String id, Long retry, String data) implements Frame {
    }

    public record Comment(String text) implements Frame {
    }

    private final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final List<String> bodyLines = new ArrayList<>();
    private final CompletableFuture<HttpResponse.ResponseInfo> head = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    private final boolean reading;

    // Parser state, touched only by the HTTP client's delivery (serial per subscriber).
    private String name;
    private String id;
    private Long retry;
    private StringBuilder data;

    private SseClient(boolean reading) {
        this.reading = reading;
    }

    /** Opens a stream and reads it as it arrives. {@code headers} are name/value pairs. */
    public static SseClient open(URI uri, String... headers) {
        return start(uri, true, headers);
    }

    /** Opens a stream but reads nothing until {@link #startReading()}: the socket fills up and stays full. */
    public static SseClient openWithoutReading(URI uri, String... headers) {
        return start(uri, false, headers);
    }

    private static SseClient start(URI uri, boolean reading, String... headers) {
        SseClient client = new SseClient(reading);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET().header("Accept", "text/event-stream");
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(BOUND).build()
                .sendAsync(request.build(), info -> {
                    client.head.complete(info);
                    return HttpResponse.BodySubscribers.fromLineSubscriber(client.new Lines());
                })
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        client.head.completeExceptionally(failure);
                        client.ended.completeExceptionally(failure);
                    }
                });
        return client;
    }

    public int status() {
        return waitFor(head, "response headers").statusCode();
    }

    public HttpHeaders headers() {
        return waitFor(head, "response headers").headers();
    }

    /** The next frame, waiting at most {@link #BOUND}. */
    public Frame next() {
        try {
            Frame frame = frames.poll(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            if (frame == null) {
                throw new AssertionError("no SSE frame within " + BOUND + (ended.isDone() ? " (stream ended)" : ""));
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The next event, skipping heartbeat comments. */
    public Event nextEvent() {
        while (true) {
            if (next() instanceof Event event) {
                return event;
            }
        }
    }

    /** Waits until the server ends the response; true when it ended cleanly (not reset). */
    public boolean awaitEnd() {
        try {
            ended.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (TimeoutException e) {
            throw new AssertionError("the stream did not end within " + BOUND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public boolean hasEnded() {
        return ended.isDone();
    }

    /** Every frame received so far and not yet taken. */
    public List<Frame> takeReceived() {
        List<Frame> taken = new ArrayList<>();
        frames.drainTo(taken);
        return taken;
    }

    /** The response body as raw lines (for error answers, which are not SSE). */
    public String body() {
        awaitEnd();
        synchronized (this) {
            return String.join("\n", bodyLines);
        }
    }

    public void startReading() {
        waitFor(subscription, "the response body").request(Long.MAX_VALUE);
    }

    @Override
    public void close() {
        subscription.thenAccept(Flow.Subscription::cancel);
    }

    private static <T> T waitFor(CompletableFuture<T> future, String what) {
        try {
            return future.get(BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " within " + BOUND);
        } catch (ExecutionException e) {
            throw new AssertionError("request failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private synchronized void line(String line) {
        bodyLines.add(line);
        if (line.isEmpty()) {
            dispatch();
        } else if (line.startsWith(":")) {
            frames.add(new Comment(line.substring(1).strip()));
        } else {
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "event" -> name = value;
                case "id" -> id = value;
                case "retry" -> retry = Long.parseLong(value);
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> {
                    // unknown fields are ignored, as a browser does
                }
            }
        }
    }

    private void dispatch() {
        if (name != null || id != null || retry != null || data != null) {
            frames.add(new Event(name, id, retry, data == null ? null : data.toString()));
        }
        name = null;
        id = null;
        retry = null;
        data = null;
    }

    private final class Lines implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.complete(s);
            if (reading) {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String item) {
            line(item);
        }

        @Override
        public void onError(Throwable throwable) {
            ended.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            ended.complete(null);
        }
    }
}
