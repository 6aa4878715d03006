package dev.batchtracker.session.cleanup;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.session.NodePage;
import dev.batchtracker.session.NodeResult;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.ForwardingSessionStore;
import dev.batchtracker.testing.TestBatchConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Compaction as the cleanup runs it: after batch.compaction.after, bounded per run, counted once, dry runs too. */
class CompactionCleanupTest {

    /** Retention long enough that finished sessions are still there when compaction comes due. */
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Duration PAST_DELAY = Duration.ofHours(1).plusSeconds(1);

    private static BatchConfig config(Duration after, int maxPerRun) {
        return CleanupFixture.withCompaction(CleanupFixture.withBatchSize(2).withRetention(WEEK), after, maxPerRun);
    }

    private static List<UUID> finished(CleanupFixture f, int n) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(f.finishedWithResults());
        }
        return ids;
    }

    @Test
    void aDryRunReportsWhatWouldBeCompactedAndChangesNothing() {
        CleanupFixture f = new CleanupFixture(config(Duration.ofHours(1), 10_000), new InMemorySessionStore());
        List<UUID> old = finished(f, 5);
        f.clock.advance(PAST_DELAY);
        UUID recent = f.finishedWithResults();
        UUID running = f.create();

        CleanupReport report = f.cleanup.run(true);

        assertThat(report.dryRun()).isTrue();
        assertThat(report.compacted()).isEqualTo(5);
        assertThat(report.compactedIds()).containsExactlyInAnyOrderElementsOf(old);
        assertThat(report.cleaned()).isZero();
        for (UUID id : old) {
            assertThat(f.store.find(id).orElseThrow().isCompacted()).isFalse();
            assertThat(f.store.findNode(id, "a").orElseThrow().resultJson()).isNotNull();
        }
        assertThat(f.store.totals().compacted()).isZero();
        assertThat(f.compactedCounter()).isZero();
        assertThat(report.compactedIds()).doesNotContain(recent, running);
    }

    /** Records the limit of every compaction listing, so a test can see the batches. */
    static final class ListingStore extends ForwardingSessionStore {
        final List<Integer> limits = new CopyOnWriteArrayList<>();

        ListingStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public List<UUID> compactableBefore(Instant cutoff, int limit) {
            limits.add(limit);
            return super.compactableBefore(cutoff, limit);
        }
    }

    @Test
    void aRunCompactsFinishedSessionsPastTheDelayInBatchesAndCountsEachOnce() {
        ListingStore listing = new ListingStore(new InMemorySessionStore());
        CleanupFixture f = new CleanupFixture(config(Duration.ofHours(1), 10_000), listing);
        List<UUID> old = finished(f, 5);
        f.clock.advance(PAST_DELAY);
        UUID recent = f.finishedWithResults();
        Instant runStart = f.clock.instant();

        CleanupReport report = f.cleanup.run(false);

        assertThat(report.compacted()).isEqualTo(5);
        assertThat(report.compactedIds()).containsExactlyInAnyOrderElementsOf(old);
        assertThat(report.errors()).isZero();
        // Batches of batch.cleanup.batch-size (2): 5 sessions take three listings, and a fourth finds none left.
        assertThat(listing.limits).containsExactly(2, 2, 2, 2);
        assertThat(f.compactedCounter()).isEqualTo(5.0);
        assertThat(f.store.totals().compacted()).isEqualTo(5);
        for (UUID id : old) {
            Session session = f.manager.get(id);
            assertThat(session.isCompacted()).isTrue();
            assertThat(session.timeline().compactedAt()).isBetween(runStart, f.clock.instant());
            NodePage page = f.manager.nodePage(id, null, null, 10);
            assertThat(page.compacted()).isTrue();
            assertThat(page.page().items()).hasSize(2).extracting(NodeResult::resultJson).containsOnlyNulls();
            assertThat(page.page().items()).extracting(NodeResult::finishedAt).doesNotContainNull();
        }
        assertThat(f.manager.get(recent).isCompacted()).isFalse();
        assertThat(f.manager.nodePage(recent, null, null, 10).compacted()).isFalse();

        // Idempotent: the next run finds nothing left, and nothing is counted twice.
        CleanupReport again = f.cleanup.run(false);
        assertThat(again.compacted()).isZero();
        assertThat(f.compactedCounter()).isEqualTo(5.0);
        assertThat(f.store.totals().compacted()).isEqualTo(5);
    }

    @Test
    void aRunCompactsAtMostMaxPerRunAndTheNextGoesOn() {
        CleanupFixture f = new CleanupFixture(config(Duration.ofHours(1), 3), new InMemorySessionStore());
        List<UUID> old = finished(f, 7);
        f.clock.advance(PAST_DELAY);

        assertThat(f.cleanup.run(true).compacted()).isEqualTo(3);
        assertThat(f.cleanup.run(false).compacted()).isEqualTo(3);
        assertThat(f.cleanup.run(false).compacted()).isEqualTo(3);
        assertThat(f.cleanup.run(false).compacted()).isEqualTo(1);
        assertThat(f.cleanup.run(false).compacted()).isZero();
        assertThat(old).allSatisfy(id -> assertThat(f.manager.get(id).isCompacted()).isTrue());
        assertThat(f.compactedCounter()).isEqualTo(7.0);
    }

    @Test
    void zeroTurnsCompactionOff() {
        CleanupFixture f = new CleanupFixture(config(Duration.ZERO, 10_000), new InMemorySessionStore());
        UUID id = f.finishedWithResults();
        f.clock.advance(Duration.ofDays(2));

        assertThat(f.cleanup.run(true).compacted()).isZero();
        assertThat(f.cleanup.run(false).compacted()).isZero();
        assertThat(f.manager.get(id).isCompacted()).isFalse();
        assertThat(f.store.findNode(id, "a").orElseThrow().resultJson()).isNotNull();
    }

    @Test
    void aDryRunDoesNotCountSessionsItWouldRemoveFirst() {
        BatchConfig shortRetention = CleanupFixture.withCompaction(
                TestBatchConfig.defaults().withRetention(Duration.ofMinutes(90)), Duration.ofHours(1), 10_000);
        CleanupFixture f = new CleanupFixture(shortRetention, new InMemorySessionStore());
        UUID expiring = f.finishedWithResults();
        f.clock.advance(Duration.ofMinutes(31));
        UUID kept = f.finishedWithResults();
        f.clock.advance(Duration.ofMinutes(60));

        CleanupReport dry = f.cleanup.run(true);

        assertThat(dry.expiredIds()).containsExactly(expiring);
        assertThat(dry.compactedIds()).containsExactly(kept);
        CleanupReport real = f.cleanup.run(false);
        assertThat(real.expiredIds()).containsExactly(expiring);
        assertThat(real.compactedIds()).containsExactly(kept);
    }
}
