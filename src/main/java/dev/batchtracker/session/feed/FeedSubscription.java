package dev.batchtracker.session.feed;

import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;

import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Which changes one feed subscriber is sent: those of sessions its filter matches, plus one last status of a
 * session it was sent that no longer matches (so the client can drop it), and the removal of one it was sent.
 * <p>
 * It remembers the ids it sent, the newest {@link #SENT_LIMIT}. When it does not know everything the client holds
 * (a resumed stream, a first page with more to page, an id forgotten past the limit) it passes on every removal,
 * and, while catching up after a resume, every change of a session that does not match: the client drops what it
 * does not hold. An unfiltered feed passes everything and remembers nothing.
 */
final class FeedSubscription {

    static final int SENT_LIMIT = 10_000;

    private final SessionFilter filter;
    /** Null for an unfiltered feed. */
    private final Set<UUID> sent;
    private boolean knowsHoldings;

    FeedSubscription(SessionFilter filter, Set<UUID> alreadySent, boolean knowsHoldings) {
        this.filter = filter;
        this.sent = filter.isAll() ? null : new LinkedHashSet<>();
        this.knowsHoldings = knowsHoldings && !filter.isAll();
        alreadySent.forEach(this::remember);
    }

    /** @param catchingUp the change is from the gap a resumed client was away for */
    boolean passesChange(Session session, boolean catchingUp) {
        if (filter.matches(session)) {
            remember(session.id());
            return true;
        }
        return sent.remove(session.id()) || (catchingUp && !knowsHoldings);
    }

    boolean passesRemoval(UUID taskId) {
        return sent == null || sent.remove(taskId) || !knowsHoldings;
    }

    private void remember(UUID taskId) {
        if (sent == null) {
            return;
        }
        sent.remove(taskId);
        sent.add(taskId);
        if (sent.size() > SENT_LIMIT) {
            Iterator<UUID> oldest = sent.iterator();
            oldest.next();
            oldest.remove();
            knowsHoldings = false; // that session's removal now goes out unasked
        }
    }
}
