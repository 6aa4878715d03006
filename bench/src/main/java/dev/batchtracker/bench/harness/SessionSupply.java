package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The running sessions of a one-session point: all of its load goes into one session at a time. With a quota, the
 * load moves on to a fresh session after that many requests (the session's node_count is the quota's nodes, so
 * the quota finishes it): a bulk point's nodes then never outgrow one session, nor, on the in-memory store, the
 * heap — a keeper thread creates the next sessions ahead of the load and there deletes finished ones during the
 * point. Without a quota the whole point goes into one session.
 * <p>
 * {@link #sessionFor} runs on the load's event loop; it blocks only when the keeper fell behind (counted in
 * {@link #lateCreations}, and shown with the point).
 */
final class SessionSupply implements AutoCloseable {

    private static final int AHEAD = 2;
    private static final long KEEPER_PERIOD_MILLIS = 20;

    private final Api api;
    private final int nodeCount;
    private final long quota;
    private final boolean deleteFinished;
    private final List<String> ids = new CopyOnWriteArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final CountDownLatch closing = new CountDownLatch(1);
    /** Slots deleted during the point, and the completed nodes they held then. */
    private final List<Integer> deleted = new CopyOnWriteArrayList<>();
    private final AtomicLong completedOfDeleted = new AtomicLong();
    private final AtomicLong lateCreations = new AtomicLong();
    private final Thread keeper;
    private volatile Exception keeperFailure;

    /** One session for every request of the point. */
    static SessionSupply single(Api api, int nodeCount) throws IOException, InterruptedException {
        return new SessionSupply(api, nodeCount, Long.MAX_VALUE, false);
    }

    /** A fresh session every {@code quota} requests, each with node_count {@code quota × nodesPerRequest}. */
    static SessionSupply rotating(Api api, long quota, int nodesPerRequest, boolean deleteFinished)
            throws IOException, InterruptedException {
        return new SessionSupply(api, Math.toIntExact(quota * nodesPerRequest), quota, deleteFinished);
    }

    private SessionSupply(Api api, int nodeCount, long quota, boolean deleteFinished)
            throws IOException, InterruptedException {
        this.api = api;
        this.nodeCount = nodeCount;
        this.quota = quota;
        this.deleteFinished = deleteFinished;
        ensure(quota == Long.MAX_VALUE ? 0 : AHEAD);
        if (quota == Long.MAX_VALUE) {
            keeper = null;
        } else {
            keeper = new Thread(this::keep, "bench-session-supply");
            keeper.setDaemon(true);
            keeper.start();
        }
    }

    /** The session the next request goes to; counts the request. */
    String sessionFor() {
        int slot = (int) (requests.getAndIncrement() / quota);
        if (slot < ids.size()) {
            return ids.get(slot);
        }
        lateCreations.incrementAndGet();
        try {
            ensure(slot);
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("cannot create the next session: " + e.getMessage(), e);
        }
        return ids.get(slot);
    }

    /** The first session (the only one without a quota). */
    String first() {
        return ids.get(0);
    }

    long lateCreations() {
        return lateCreations.get();
    }

    int sessionsUsed() {
        return (int) Math.min(ids.size(), (requests.get() + quota - 1) / quota);
    }

    /** Creates sessions up to and including {@code slot}. */
    private synchronized void ensure(int slot) throws IOException, InterruptedException {
        while (ids.size() <= slot) {
            ids.add(api.createRunningSession(nodeCount));
        }
    }

    private int currentSlot() {
        return (int) (requests.get() / quota);
    }

    private void keep() {
        try {
            while (!closing.await(KEEPER_PERIOD_MILLIS, TimeUnit.MILLISECONDS)) {
                int current = currentSlot();
                ensure(current + AHEAD);
                if (deleteFinished) {
                    for (int slot = 0; slot < current; slot++) {
                        if (!deleted.contains(slot)) {
                            deleteIfFinished(slot);
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            keeperFailure = e;
        }
    }

    private void deleteIfFinished(int slot) throws IOException, InterruptedException {
        String id = ids.get(slot);
        JsonNode status = api.status(id);
        if (!"running".equals(status.get("status").asText())) {
            completedOfDeleted.addAndGet(status.get("completed_nodes").asLong());
            api.delete(Api.BASE + "/sessions/" + id);
            deleted.add(slot);
        }
    }

    /** Stops the keeper; throws what it failed with, if it did. */
    @Override
    public void close() throws Exception {
        stopKeeper();
        if (keeperFailure != null) {
            throw keeperFailure;
        }
    }

    /**
     * Ends the keeper before the supply is read or emptied: a keeper still running would delete a slot between
     * the caller's look at {@link #deleted} and its request, or look up a session the caller just deleted.
     */
    private void stopKeeper() throws InterruptedException {
        closing.countDown();
        if (keeper != null) {
            keeper.join(TimeUnit.SECONDS.toMillis(30));
            if (keeper.isAlive()) {
                throw new IllegalStateException("the session keeper did not stop within 30 s");
            }
        }
    }

    /**
     * Completed nodes over every session of the point: what the stores hold now, plus what deleted ones held.
     * Ends the supply's keeper: call it once the load has stopped.
     */
    long completedNodes() throws IOException, InterruptedException {
        stopKeeper();
        long sum = completedOfDeleted.get();
        for (int slot = 0; slot < ids.size(); slot++) {
            if (!deleted.contains(slot)) {
                sum += api.status(ids.get(slot)).get("completed_nodes").asLong();
            }
        }
        return sum;
    }

    /** Deletes every session still held (the in-memory store's heap is needed for the next point). */
    void deleteAll() throws IOException, InterruptedException {
        stopKeeper();
        List<String> left = new ArrayList<>();
        for (int slot = 0; slot < ids.size(); slot++) {
            if (!deleted.contains(slot)) {
                left.add(ids.get(slot));
            }
        }
        for (String id : left) {
            api.delete(Api.BASE + "/sessions/" + id);
        }
    }
}
