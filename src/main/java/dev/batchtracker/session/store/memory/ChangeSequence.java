package dev.batchtracker.session.store.memory;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory store's change sequence, and the horizon below which every numbered write is visible.
 * <p>
 * Writers take numbers concurrently and finish in any order, so the newest number says nothing about what is
 * visible. Each writing thread owns a slot: before it takes a number it writes there a lower bound of that number
 * (the counter plus one), and clears the slot once its write is in place. A reader reads the counter first and then
 * every slot, and stops below the lowest bound it finds: a write numbered at or below the counter it read has set
 * its slot before taking that number, so the reader sees the slot or the finished write. A write costs two writes
 * to its own thread's slot and one increment; a reader walks one slot per thread that ever wrote.
 */
final class ChangeSequence {

    private final AtomicLong counter = new AtomicLong();
    private final Queue<AtomicLong> slots = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<AtomicLong> slot = ThreadLocal.withInitial(this::newSlot);

    private AtomicLong newSlot() {
        AtomicLong created = new AtomicLong();
        slots.add(created);
        return created;
    }

    /** Takes the next number for a write that becomes visible before {@link #end()} on the same thread. */
    long begin() {
        AtomicLong own = slot.get();
        own.set(counter.get() + 1);
        return counter.incrementAndGet();
    }

    /** The write begun on this thread is visible (or did not happen). Harmless when none was begun. */
    void end() {
        slot.get().set(0);
    }

    /** The highest number at or below which every write is visible. */
    long horizon() {
        long horizon = counter.get();
        for (AtomicLong inFlight : slots) {
            long bound = inFlight.get();
            if (bound != 0) {
                horizon = Math.min(horizon, bound - 1);
            }
        }
        return horizon;
    }
}
