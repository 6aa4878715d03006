package dev.batchtracker.session;

import dev.batchtracker.session.store.SessionStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The write path, combined per session. At most one store write per session is in flight in this instance; the
 * requests that arrive meanwhile queue without holding a thread, and the next write applies all of them in arrival
 * order — one read, one compare-and-set carrying every node result, one version step, one event. Each request keeps
 * its own outcome: a refused one is rolled back out of the write and fails alone.
 * <p>
 * Whoever finds a session's lane idle writes the first batch on its own thread (a worker thread for a blocking
 * store, the event loop for the in-memory one); everyone else gets a future completed by the drain once the write
 * carrying their request is stored. On a blocking store the batches after the first are written by a continuation
 * on the {@code continuations} executor, so the request that started the drain is answered after one write, not
 * after the lane next goes idle (under steady load on one session that was the rest of the load: a 40 s answer in
 * a 640,000-report run on Redis). Across instances the store's version check still decides: a lost compare-and-set
 * re-reads and re-applies the whole batch.
 */
final class SessionWrites {

    /** Plenty for any realistic contention between instances; past it the batch gets a retryable 503. */
    static final int MAX_ATTEMPTS = 1_000;
    /**
     * Node results one write carries at most (a request is never split: one larger than this goes alone). Keeps a
     * write's transaction or script, and the wait of the requests behind it, bounded under a flood of bulk reports.
     */
    static final int MAX_NODES_PER_WRITE = 4_000;
    /** Sessions whose last write this instance remembers; past it the memory starts over (see {@link #known}). */
    static final int KNOWN_SESSIONS = 10_000;

    /**
     * One request's intent: the nodes it reads (so that one store call reads those of a whole batch) and its rule,
     * which changes the working session only through its methods and throws to refuse the request.
     */
    record Mutation(Collection<String> nodeIds, Rule rule) {
    }

    @FunctionalInterface
    interface Rule {
        void apply(WorkingSession working, Instant now);
    }

    /** What the write path needs from the rules around it. */
    interface Rules {
        /** The session as it stands at {@code now}; throws 404/410 as a read would. */
        Session load(UUID id, Instant now);

        Instant expiryOf(Session session, Instant now);

        /** Called once per stored write, before its requests are answered. */
        void written(Session stored, WorkingSession working);
    }

    private record Pending(Mutation mutation, CompletableFuture<Session> answer) {
    }

    /** The requests waiting for a session's next write; only touched inside {@code lanes.compute}. */
    private static final class Lane {
        private final List<Pending> waiting = new ArrayList<>(4);
    }

    private final SessionStore store;
    private final Clock clock;
    private final Rules rules;
    /** Where a drain goes on after its first batch: inline for a store that never blocks. */
    private final Executor continuations;
    private final ConcurrentHashMap<UUID, Lane> lanes = new ConcurrentHashMap<>();
    /**
     * The session as this instance last stored it, for a store where a read is a round trip: a write starts from it
     * instead of reading the session again. The version check keeps that safe: if another instance wrote since, the
     * compare-and-set fails and the retry reads. Null for a store that never blocks (its read is a map lookup).
     */
    private final ConcurrentHashMap<UUID, Session> known;

    /** @param continuations where a blocking store's drain writes its later batches (a worker pool) */
    SessionWrites(SessionStore store, Clock clock, Rules rules, Executor continuations) {
        this.store = store;
        this.clock = clock;
        this.rules = rules;
        this.continuations = store.blocking() ? continuations : null;
        this.known = store.blocking() ? new ConcurrentHashMap<>() : null;
    }

    /**
     * Queues a request for the session's next write. The future completes with the session as that write stored it
     * (or, when the batch changed nothing, as it stands), or fails with this request's own refusal.
     */
    CompletableFuture<Session> submit(UUID id, Mutation mutation) {
        Pending pending = new Pending(mutation, new CompletableFuture<>());
        Lane fresh = new Lane();
        Lane lane = lanes.compute(id, (key, existing) -> {
            Lane target = existing != null ? existing : fresh;
            target.waiting.add(pending);
            return target;
        });
        if (lane == fresh) {
            drain(id, continuations == null);
        }
        return pending.answer();
    }

    /**
     * Writes batches until no request waits, then gives the lane up. Unless {@code toTheEnd}, it writes one batch
     * (the caller's request is in it: it started the lane) and hands the rest to a continuation, the lane still
     * held, so no other drain starts meanwhile.
     */
    private void drain(UUID id, boolean toTheEnd) {
        for (boolean first = true; ; first = false) {
            List<Pending> batch = new ArrayList<>();
            lanes.compute(id, (key, lane) -> {
                if (lane.waiting.isEmpty()) {
                    return null; // idle: the next request starts a new drain
                }
                int taken = 0;
                int nodes = 0;
                for (Pending pending : lane.waiting) {
                    int size = pending.mutation().nodeIds().size();
                    if (taken > 0 && nodes + size > MAX_NODES_PER_WRITE) {
                        break;
                    }
                    batch.add(pending);
                    taken++;
                    nodes += size;
                }
                lane.waiting.subList(0, taken).clear();
                return lane;
            });
            if (batch.isEmpty()) {
                return;
            }
            if (!first && !toTheEnd) {
                handOff(id, batch);
                return;
            }
            writeAnswering(id, batch);
        }
    }

    /** Writes a batch and answers its requests, whatever happens. */
    private void writeAnswering(UUID id, List<Pending> batch) {
        try {
            write(id, batch);
        } catch (RuntimeException | Error e) {
            // Never leave a request unanswered or the lane stuck: a store outage fails this batch only.
            batch.forEach(p -> p.answer().completeExceptionally(e));
        }
    }

    /** Goes on with a batch already taken, and the rest of the lane, on the continuation executor. */
    private void handOff(UUID id, List<Pending> batch) {
        Runnable rest = () -> {
            writeAnswering(id, batch);
            drain(id, true);
        };
        try {
            continuations.execute(rest);
        } catch (RuntimeException e) {
            rest.run(); // a pool that refuses (shutting down): finish here rather than strand the lane
        }
    }

    private void write(UUID id, List<Pending> batch) {
        Set<String> nodeIds = new LinkedHashSet<>();
        batch.forEach(p -> nodeIds.addAll(p.mutation().nodeIds()));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Session remembered = attempt == 0 ? remembered(id, now) : null;
            boolean fromMemory = remembered != null;
            Session current = fromMemory ? remembered : rules.load(id, now);
            Map<String, NodeResult> stored = nodeIds.isEmpty() ? Map.of() : store.findNodes(current, nodeIds);
            WorkingSession working = new WorkingSession(current, stored);
            BatchException[] refused = new BatchException[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                WorkingSession.Mark mark = working.mark();
                try {
                    batch.get(i).mutation().rule().apply(working, now);
                } catch (BatchException e) {
                    working.rollback(mark);
                    refused[i] = e;
                }
            }
            if (!working.changed()) {
                Session answered = unchanged(current, fromMemory, refused, now);
                if (answered == null) {
                    forget(id); // the remembered session was not the stored one: decide again on a fresh read
                    continue;
                }
                answer(batch, refused, answered);
                return;
            }
            Session next = working.session().written(now, rules.expiryOf(working.session(), now));
            if (store.updateAll(next, current.version(), working.writtenNodes())) {
                remember(next);
                rules.written(next, working);
                answer(batch, refused, next);
                return;
            }
            forget(id);
            Thread.onSpinWait(); // another instance wrote first: re-read and apply the batch again
        }
        throw new ConcurrentUpdateException("Too many concurrent writes to session " + id + "; retry");
    }

    private static void answer(List<Pending> batch, BatchException[] refused, Session session) {
        for (int i = 0; i < batch.size(); i++) {
            if (refused[i] != null) {
                batch.get(i).answer().completeExceptionally(refused[i]);
            } else {
                batch.get(i).answer().complete(session);
            }
        }
    }

    /**
     * The answer of a batch that changed nothing. An accepted request that changed nothing (a retried report, the
     * same progress again, a heartbeat) is still a write from a live client: it extends expiry and clears staleness,
     * without a new version; the touch's version check also proves the session read was current. Null when that is
     * unproven and the session came from memory rather than the store: the batch must be decided again.
     */
    private Session unchanged(Session current, boolean fromMemory, BatchException[] refused, Instant now) {
        boolean anyAccepted = false;
        for (BatchException e : refused) {
            anyAccepted |= e == null;
        }
        if (!anyAccepted || current.status().isTerminal()) {
            // Nothing to record (a finished session's expiry runs from finished_at).
            return fromMemory ? null : current;
        }
        Instant expiresAt = rules.expiryOf(current, now);
        if (store.touch(current.id(), current.version(), now, expiresAt)) {
            Session touched = current.touched(now, expiresAt);
            remember(touched);
            return touched;
        }
        // The version moved on meanwhile: the write that moved it recorded activity already.
        return fromMemory ? null : current;
    }

    /**
     * The remembered session of a write that is still to be decided. Not one that has expired by its own record:
     * another instance may have extended it with a heartbeat (which moves expiry without a new version), so the
     * store decides. Not a finished one either: no write of it can prove it is still stored, and one removed by
     * another instance must answer 410.
     */
    private Session remembered(UUID id, Instant now) {
        Session session = known == null ? null : known.get(id);
        return session == null || session.isExpiredAt(now) || session.status().isTerminal() ? null : session;
    }

    private void remember(Session session) {
        if (known != null) {
            if (known.size() >= KNOWN_SESSIONS) {
                known.clear(); // crude but bounded: the price of forgetting is one read per session
            }
            known.put(session.id(), session);
        }
    }

    /** Drops what this instance remembers of a session: it lost a race for it, or removed it. */
    void forget(UUID id) {
        if (known != null) {
            known.remove(id);
        }
    }
}
