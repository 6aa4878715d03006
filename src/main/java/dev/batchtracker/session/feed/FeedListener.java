package dev.batchtracker.session.feed;

import dev.batchtracker.session.Session;
import dev.batchtracker.session.Tombstone;

/**
 * What a feed subscriber is handed, in change-sequence order, on the pump's thread: it must return at once (keep
 * the newest state per session and let the client take it at its own pace).
 */
public interface FeedListener {

    /** The session as its change {@code seq} left it (it may no longer match the filter: the client drops it). */
    void status(long seq, Session session);

    /** The session was removed by change {@code seq}. */
    void gone(long seq, Tombstone tombstone);

    /** The pump can no longer deliver without a gap: end the stream; the client resumes or lists again. */
    void lost();
}
