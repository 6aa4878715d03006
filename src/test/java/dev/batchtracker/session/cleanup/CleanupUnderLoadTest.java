package dev.batchtracker.session.cleanup;

import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.NodeReport;
import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.ForwardingSessionStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Removing 100,000 expired sessions does not stall requests on a live session. The proof is structural, not timed:
 * the run is held in the middle (inside one of its store listings) until a writer has read and written the live
 * session; a run holding any lock the writer needs would never get there, and the bounded wait would fail the test.
 * The writer then keeps going until the run ends, and every one of its requests must succeed.
 */
class CleanupUnderLoadTest {

    private static final int EXPIRED = 100_000;
    private static final int BATCH = 500;
    private static final int OPS_WHILE_HELD = 200;
    /** The live session's nodes; the writer stops one short, so the session stays running however fast it is. */
    private static final int LIVE_NODES = 100_000;

    @Test
    void requestsOnALiveSessionSucceedWhileALargeCleanupRuns() throws Exception {
        CountDownLatch runIsMidway = new CountDownLatch(1);
        CountDownLatch writerWentThrough = new CountDownLatch(1);
        AtomicBoolean writerGotInWhileHeld = new AtomicBoolean();
        AtomicInteger listings = new AtomicInteger();
        ForwardingSessionStore store = new ForwardingSessionStore(new InMemorySessionStore()) {
            @Override
            public List<UUID> expiredBefore(Instant cutoff, int limit) {
                if (listings.incrementAndGet() == EXPIRED / BATCH / 2) {
                    runIsMidway.countDown();
                    try {
                        writerGotInWhileHeld.set(writerWentThrough.await(30, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.expiredBefore(cutoff, limit);
            }
        };
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(BATCH), store);
        for (int i = 0; i < EXPIRED; i++) {
            f.create();
        }
        f.clock.advance(Duration.ofMinutes(31));
        UUID live = f.manager.create(new CreateSession("canvas/live", LIVE_NODES, null, null, null, null)).session().id();
        f.manager.transition(live, SessionStatus.RUNNING, "go");

        AtomicBoolean runFinished = new AtomicBoolean();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger reports = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                assertThat(runIsMidway.await(60, TimeUnit.SECONDS)).as("the run reached its middle").isTrue();
                int n = 0;
                while ((n < OPS_WHILE_HELD || !runFinished.get()) && n < LIVE_NODES - 1) {
                    f.manager.get(live);
                    f.manager.reportNode(live, "node-" + n, new NodeReport(NodeStatus.COMPLETED, null, null, null, null));
                    f.manager.heartbeat(live);
                    reports.incrementAndGet();
                    n++;
                    if (n == OPS_WHILE_HELD) {
                        writerWentThrough.countDown();
                    }
                }
            } catch (Throwable e) {
                failures.add(e);
                writerWentThrough.countDown();
            }
        });

        CleanupReport report = f.cleanup.run(false);
        runFinished.set(true);
        writer.get(60, TimeUnit.SECONDS);

        assertThat(failures).isEmpty();
        assertThat(writerGotInWhileHeld).as("the writer was served while the run was in progress").isTrue();
        assertThat(report.cleaned()).isEqualTo(EXPIRED);
        assertThat(report.errors()).isZero();
        assertThat(listings.get()).as("one listing per batch").isGreaterThanOrEqualTo(EXPIRED / BATCH);
        Session after = f.manager.get(live);
        assertThat(after.counts().completed()).isEqualTo(reports.get());
        assertThat(f.store.count()).isEqualTo(1);
    }
}
