package dev.batchtracker.session.store;

import dev.batchtracker.session.Session;
import dev.batchtracker.session.Tombstone;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One page of the store's change feed ({@link SessionStore#changesAfter}): sessions and tombstones whose change
 * sequence is above the asked position, each at its latest state, in sequence order.
 *
 * @param changes  ascending by sequence
 * @param position where the next page starts: every change at or below it was in this page or an earlier one, and
 *                 no later write gets a sequence at or below it
 * @param floor    the highest sequence of a purged tombstone: a position below it can no longer be resumed from
 *                 without missing a removal
 */
public record ChangePage(List<Change> changes, long position, long floor) {

    public ChangePage {
        changes = List.copyOf(changes);
    }

    /** Whether a reader at {@code after} missed a purged removal: it must start over from a listing. */
    public boolean lost(long after) {
        return after < floor;
    }

    /** A session or a tombstone at the sequence of its latest write. */
    public sealed interface Change {
        long seq();

        UUID taskId();
    }

    public record Changed(long seq, Session session) implements Change {
        @Override
        public UUID taskId() {
            return session.id();
        }
    }

    public record Removed(long seq, Tombstone tombstone) implements Change {
        @Override
        public UUID taskId() {
            return tombstone.taskId();
        }
    }

    /**
     * The page from up to {@code limit + 1} candidates in sequence order, all at or below {@code horizon} (the
     * highest sequence no write in flight can still take). A full page ends at its last change, never inside one
     * sequence (several rows may share one where a store numbers by transaction).
     */
    public static ChangePage of(List<Change> candidates, int limit, long after, long horizon, long floor) {
        if (candidates.size() <= limit) {
            return new ChangePage(candidates, Math.max(after, horizon), floor);
        }
        List<Change> page = new ArrayList<>(candidates.subList(0, limit));
        long next = candidates.get(limit).seq();
        int keep = page.size();
        while (keep > 0 && page.get(keep - 1).seq() == next) {
            keep--;
        }
        if (keep == 0) {
            // One sequence fills the page: hand it out whole rather than stall on it.
            page = new ArrayList<>(candidates);
            return new ChangePage(page, page.get(page.size() - 1).seq(), floor);
        }
        page = page.subList(0, keep);
        return new ChangePage(page, page.get(keep - 1).seq(), floor);
    }
}
