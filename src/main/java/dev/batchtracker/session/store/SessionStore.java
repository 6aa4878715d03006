package dev.batchtracker.session.store;

import dev.batchtracker.session.Analytics;
import dev.batchtracker.session.AnalyticsQuery;
import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Page;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionFilter;
import dev.batchtracker.session.StatusCounts;
import dev.batchtracker.session.Tombstone;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Where sessions live. Small and in domain terms, so that an in-memory map, SQL tables and Redis keys can all
 * honour it the same way; {@code SessionStoreContractTest} is the definition of "the same way".
 * <p>
 * Concurrency is optimistic: every write of a session names the version it was derived from and loses (returns
 * false or empty) when the stored version moved on. No method holds a lock across calls. Values go in and come out
 * as immutable copies: a caller never shares a live object with the store.
 * <p>
 * Time is always an argument: a store never reads a clock.
 */
public interface SessionStore {

    /** Outcome of {@link #insert}. */
    sealed interface InsertResult {
        record Inserted(Session session) implements InsertResult {
        }

        /** Another session already holds the idempotency key; nothing was written. */
        record KeyTaken(Session existing) implements InsertResult {
        }
    }

    /**
     * Stores a new session (version 1) with its initial node entries (the pending nodes of a grouped session;
     * empty otherwise) and counts it in {@code totalCreated}. When the session carries an idempotency key
     * already held by a stored session, nothing is written and that session is returned.
     */
    InsertResult insert(Session session, Collection<NodeResult> initialNodes);

    Optional<Session> find(UUID id);

    /** How many sessions are stored (expired ones awaiting cleanup included). */
    long count();

    Optional<NodeResult> findNode(UUID id, String nodeId);

    /**
     * The stored results of the named nodes of {@code read}'s session that have one, in one round trip where the
     * store allows: a combined write reads every node its batch touches at once. An unknown session gives an empty
     * map. {@code read} is the caller's read of the session: a store that keeps compacted nodes apart looks there
     * only when that read is finished. An unfinished session cannot have been compacted at that version, and a
     * write decided on a read that has gone stale since loses its compare-and-set.
     */
    default Map<String, NodeResult> findNodes(Session read, Collection<String> nodeIds) {
        Map<String, NodeResult> found = new HashMap<>();
        for (String nodeId : nodeIds) {
            findNode(read.id(), nodeId).ifPresent(node -> found.put(nodeId, node));
        }
        return found;
    }

    /**
     * Compare-and-set: replaces the session when its stored version is {@code expectedVersion}, and in the same
     * atomic step upserts every one of {@code nodes} (distinct node ids; empty for a header-only change).
     *
     * @return false when the session is absent or its version moved on; nothing was written then
     */
    boolean updateAll(Session next, long expectedVersion, Collection<NodeResult> nodes);

    /** {@link #updateAll} with at most one node ({@code node} may be null). */
    default boolean update(Session next, long expectedVersion, NodeResult node) {
        return updateAll(next, expectedVersion, node == null ? List.of() : List.of(node));
    }

    /**
     * Records activity on an unchanged session: sets {@code lastActivityAt} and {@code expiresAt} when the stored
     * version is still {@code expectedVersion}. Not a versioned change.
     *
     * @return false when the session is absent or its version moved on
     */
    boolean touch(UUID id, long expectedVersion, Instant activityAt, Instant expiresAt);

    /**
     * Node results of one session ordered by node id in code-point order ({@link KeyOrder#NODE_IDS}: UTF-8 byte
     * order, as a binary collation sorts), optionally of one status, strictly after the cursor's position. The
     * cursor is a position, not an offset: nodes written between two page reads do not shift later pages. The last
     * page has a null cursor, also when it is exactly full; an unknown session gives an empty page.
     *
     * @throws dev.batchtracker.session.InvalidRequestException (field "cursor") for a cursor this store did not issue
     */
    Page<NodeResult> nodes(UUID id, NodeStatus status, String cursor, int limit);

    /**
     * Sessions matching the filter ({@link SessionFilter#matches} is the meaning), newest first (by creation;
     * sessions created in the same millisecond by id text, ascending: {@link KeyOrder#SESSION_IDS}), strictly after
     * the cursor's position (which stays valid when the session it points at is removed, and means the same
     * position under any filter). The last page has a null cursor, also when exactly full.
     * <p>
     * A store answers from indexes: the page is driven by the most selective one the filter names and the rest of
     * the filter is checked per candidate, never by reading every session.
     *
     * @throws dev.batchtracker.session.InvalidRequestException (field "cursor") for a cursor this store did not issue
     */
    Page<Session> list(SessionFilter filter, String cursor, int limit);

    /** How many stored sessions (expired ones awaiting cleanup included) match the filter, per status; from indexes. */
    StatusCounts counts(SessionFilter filter);

    /**
     * How the finished sessions of a window did ({@link AnalyticsQuery#includes} is the meaning: finished in
     * {@code [since, until)} and matching the filter). Computed from indexes or aggregates the store keeps, never by
     * holding every node of every session in memory: the SQL stores aggregate in the database; the others walk an
     * index of finished sessions and keep counts only. A store whose node times are bucketed says so in
     * {@link Analytics#approximate()} and documents the bound.
     */
    Analytics analytics(AnalyticsQuery query);

    /**
     * Removes the session and its nodes and leaves a tombstone until {@code tombstoneUntil}, in one step, and
     * counts the removal under its reason. With {@link GoneReason#EXPIRED} the session is removed only if it has
     * expired at {@code now}, so one that a write revived after it was listed survives.
     *
     * @return the removed session; empty when this call removed nothing (absent, already removed, revived)
     */
    Optional<Session> remove(UUID id, GoneReason reason, Instant now, Instant tombstoneUntil);

    /** Ids of sessions whose expiry is at or before {@code cutoff}, earliest expiry first, at most {@code limit}. */
    List<UUID> expiredBefore(Instant cutoff, int limit);

    /**
     * Ids of the sessions compaction may take at {@code cutoff} ({@link Session#isCompactableAt}: finished at or
     * before it, not compacted yet), earliest finish first (ties by id), at most {@code limit}; from an index of the
     * finished sessions not compacted yet, never by reading every session.
     */
    List<UUID> compactableBefore(Instant cutoff, int limit);

    /**
     * Compacts one finished session, in one conditional step: only when it is still compactable at {@code cutoff},
     * every node result becomes {@link NodeResult#compacted()} (what {@link #findNode}, {@link #findNodes} and
     * {@link #nodes} return from then on, in the same order and pages), the session's timeline records {@code now}
     * as {@code compactedAt}, and {@code totals().compacted()} counts it. Of several callers racing for one session,
     * exactly one compacts and counts it. A store may keep the compacted nodes in a denser form than live ones.
     * <p>
     * Not a versioned change: version, change sequence and every other field stay as they are, so the change feed,
     * the listings and an update naming the stored version are unaffected (the feed shows the compacted document
     * only when the session's next versioned change would show anyway).
     *
     * @return true when this call compacted it; false when absent, not finished by the cutoff, or already compacted
     */
    boolean compact(UUID id, Instant cutoff, Instant now);

    Optional<Tombstone> findTombstone(UUID id);

    /**
     * Drops tombstones kept until {@code now} or earlier; returns how many. Raises the change feed's floor to the
     * highest change sequence among them (a position below it can no longer be resumed from).
     */
    int purgeTombstones(Instant now, int limit);

    /**
     * The change feed: sessions and tombstones written after {@code after} (by change sequence), each at its latest
     * state, up to {@code limit} in sequence order. Every insert, versioned update and removal takes a store-wide
     * change sequence in its own atomic step (a touch does not: it is no versioned change); a session written
     * twice shows once, at its later sequence. Only changes below every write still in flight are returned, so a
     * reader that resumes from {@link ChangePage#position()} misses nothing and sees nothing twice.
     */
    ChangePage changesAfter(long after, int limit);

    /** The position a reader starting now resumes from: {@link ChangePage#position()} of a read with no changes. */
    long feedPosition();

    /**
     * Figures over the whole store (every instance's sessions, for a shared store).
     *
     * @param now to count expired sessions
     * @param staleBefore running sessions last active at or before this instant count as stale (inclusive, like
     *        expiry: a session is stale once {@code batch.stale-after} has fully passed)
     */
    StoreStats stats(Instant now, Instant staleBefore);

    /**
     * The same {@code totalCreated} and {@code totalRemoved} as {@link #stats}, and the sessions ever compacted:
     * counters kept in the writes' own steps, read without a walk of the store, so a caller may read them on every
     * request.
     */
    StoreTotals totals();

    /**
     * The store's estimate of its own heap footprint, kept as it writes so that reading it costs nothing (the
     * memory budget reads it on every create). Empty for a store whose data lives outside this process: the budget
     * does not apply to it.
     */
    default OptionalLong heapFootprint() {
        return OptionalLong.empty();
    }

    /** Cheap reachability probe for readiness; throws {@code StoreUnavailableException} when unreachable. */
    void ping();

    /**
     * Whether a call may wait on I/O (a database, a network, a file sync). The API calls a store that never
     * blocks straight from the event loop, and moves calls to one that may onto a worker thread.
     */
    default boolean blocking() {
        return true;
    }
}
