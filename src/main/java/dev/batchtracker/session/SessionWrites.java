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

/**
 * The write path, combined per session. At most one store write per session is in flight in this instance; the
 * requests that arrive meanwhile queue without holding a thread, and the next write applies all of them in arrival
 * order — one read, one compare-and-set carrying every node result, one version step, one event. Each request keeps
 * its own outcome: a refused one is rolled back out of the write and fails alone.
 * <p>
 * Whoever finds a session's lane idle drains it on its own thread (a worker thread for a blocking store, the event
 * loop for the in-memory one); everyone else gets a future completed by that drain once the write carrying their
 * request is stored. Across instances the store's version check still decides: a lost compare-and-set re-reads and
 * re-applies the whole batch.
 */
final class SessionWrites {

    /** Plenty for any realistic contention between instances; past it the batch gets a retryable 503. */
    static final int MAX_ATTEMPTS = 1_000;

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
    private final ConcurrentHashMap<UUID, Lane> lanes = new ConcurrentHashMap<>();

    SessionWrites(SessionStore store, Clock clock, Rules rules) {
        this.store = store;
        this.clock = clock;
        this.rules = rules;
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
            drain(id);
        }
        return pending.answer();
    }

    /** Writes batches until no request waits, then gives the lane up. */
    private void drain(UUID id) {
        while (true) {
            List<Pending> batch = new ArrayList<>();
            lanes.compute(id, (key, lane) -> {
                if (lane.waiting.isEmpty()) {
                    return null; // idle: the next request starts a new drain
                }
                batch.addAll(lane.waiting);
                lane.waiting.clear();
                return lane;
            });
            if (batch.isEmpty()) {
                return;
            }
            try {
                write(id, batch);
            } catch (RuntimeException | Error e) {
                // Never leave a request unanswered or the lane stuck: a store outage fails this batch only.
                batch.forEach(p -> p.answer().completeExceptionally(e));
            }
        }
    }

    private void write(UUID id, List<Pending> batch) {
        Set<String> nodeIds = new LinkedHashSet<>();
        batch.forEach(p -> nodeIds.addAll(p.mutation().nodeIds()));
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Instant now = clock.instant();
            Session current = rules.load(id, now);
            Map<String, NodeResult> stored = nodeIds.isEmpty() ? Map.of() : store.findNodes(id, nodeIds);
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
                boolean anyAccepted = false;
                for (BatchException e : refused) {
                    anyAccepted |= e == null;
                }
                answer(batch, refused, anyAccepted ? recordActivity(current, now) : current);
                return;
            }
            Session next = working.session().written(now, rules.expiryOf(working.session(), now));
            if (store.updateAll(next, current.version(), working.writtenNodes())) {
                rules.written(next, working);
                answer(batch, refused, next);
                return;
            }
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
     * An accepted request that changed nothing (a retried report, the same progress again, a heartbeat) is still a
     * write from a live client: it extends expiry and clears staleness, without a new version. When the version moved
     * on meanwhile, the write that moved it has recorded activity already.
     */
    private Session recordActivity(Session current, Instant now) {
        if (current.status().isTerminal()) {
            return current; // its expiry runs from finished_at
        }
        Instant expiresAt = rules.expiryOf(current, now);
        return store.touch(current.id(), current.version(), now, expiresAt) ? current.touched(now, expiresAt) : current;
    }
}
