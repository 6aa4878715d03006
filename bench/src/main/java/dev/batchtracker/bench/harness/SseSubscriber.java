package dev.batchtracker.bench.harness;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One SSE connection's view: every status event's version and arrival time (System.nanoTime, the clock the
 * writers stamp their 2xx with), and how the stream ended. Fed only from its connection's event loop.
 */
final class SseSubscriber {

    final int session;
    final String taskId;

    private long[] versions = new long[32];
    private long[] arrivals = new long[32];
    private int size;

    private final StringBuilder line = new StringBuilder();
    private String eventType;
    private long eventId = -1;
    private String eventStatus;

    volatile long lastVersion = -1;
    volatile String lastStatus;
    volatile boolean ended;
    volatile boolean gone;
    volatile String error;
    volatile int outOfOrder;
    private Runnable onFirstEvent;

    SseSubscriber(int session, String taskId) {
        this.session = session;
        this.taskId = taskId;
    }

    void onFirstEvent(Runnable callback) {
        this.onFirstEvent = callback;
    }

    void onChunk(Buffer chunk) {
        long arrived = System.nanoTime();
        String text = chunk.toString(StandardCharsets.UTF_8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                onLine(line.toString(), arrived);
                line.setLength(0);
            } else if (c != '\r') {
                line.append(c);
            }
        }
    }

    private void onLine(String text, long arrived) {
        if (text.isEmpty()) {
            dispatch(arrived);
        } else if (text.startsWith("event:")) {
            eventType = text.substring(6).trim();
        } else if (text.startsWith("id:")) {
            eventId = Long.parseLong(text.substring(3).trim());
        } else if (text.startsWith("data:")) {
            eventStatus = statusOf(text);
        }
    }

    /** The document's top-level status: its first "status" field (SSE documents carry no history). */
    private static String statusOf(String data) {
        int at = data.indexOf("\"status\":\"");
        if (at < 0) {
            return null;
        }
        int from = at + 10;
        return data.substring(from, data.indexOf('"', from));
    }

    private void dispatch(long arrived) {
        String type = eventType == null ? "message" : eventType;
        if (type.equals("status") && eventId >= 0) {
            if (eventId <= lastVersion) {
                outOfOrder++;
            }
            if (size == versions.length) {
                versions = Arrays.copyOf(versions, size * 2);
                arrivals = Arrays.copyOf(arrivals, size * 2);
            }
            versions[size] = eventId;
            arrivals[size] = arrived;
            size++;
            lastStatus = eventStatus;
            lastVersion = eventId;
            Runnable first = onFirstEvent;
            if (first != null) {
                onFirstEvent = null;
                first.run();
            }
        } else if (type.equals("gone")) {
            gone = true;
        }
        eventType = null;
        eventId = -1;
        eventStatus = null;
    }

    void failed(String why) {
        error = why;
        Runnable first = onFirstEvent;
        if (first != null) {
            onFirstEvent = null;
            first.run();
        }
    }

    int events() {
        return size;
    }

    long version(int i) {
        return versions[i];
    }

    long arrival(int i) {
        return arrivals[i];
    }
}
