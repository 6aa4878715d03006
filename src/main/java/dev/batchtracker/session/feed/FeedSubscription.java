package dev.batchtracker.session.feed;

import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Which changes one feed subscriber is sent: those of sessions its filter matches, plus one last status of a
 * session it was sent that no longer matches (so the client can drop it), and the removal of one it was sent.
 * <p>
 * It remembers the ids it sent, up to {@link #SENT_LIMIT}; past that, or when it never knew what the client holds
 * (a resumed stream, a first page with more pages), it passes on every removal and every change of a session that
 * does not match: more events, never a missed one. An unfiltered feed passes everything and remembers nothing.
 */
final class FeedSubscription {

    static final int SENT_LIMIT = 10_000;

    private final SessionFilter filter;
    /** Null once it no longer knows (or never knew) everything the client holds. */
    private Set<UUID> sent;

    FeedSubscription(SessionFilter filter, Set<UUID> alreadySent, boolean knowsHoldings) {
        this.filter = filter;
        this.sent = knowsHoldings && !filter.isAll() ? new LinkedHashSet<>(alreadySent) : null;
        shrinkToLimit();
    }

    boolean passesChange(Session session) {
        if (filter.matches(session)) {
            if (sent != null) {
                sent.add(session.id());
                shrinkToLimit();
            }
            return true;
        }
        return sent == null || sent.remove(session.id());
    }

    boolean passesRemoval(UUID taskId) {
        return sent == null || sent.remove(taskId);
    }

    private void shrinkToLimit() {
        if (sent != null && sent.size() > SENT_LIMIT) {
            sent = null;
        }
    }
}
