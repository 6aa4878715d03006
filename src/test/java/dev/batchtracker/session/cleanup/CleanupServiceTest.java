package dev.batchtracker.session.cleanup;

import dev.batchtracker.session.GoneReason;
import dev.batchtracker.session.SessionGoneException;
import dev.batchtracker.session.SessionNotFoundException;
import dev.batchtracker.session.StoreUnavailableException;
import dev.batchtracker.session.events.SessionEvent;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.ForwardingSessionStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CleanupServiceTest {

    private static final Duration PAST_TIMEOUT = Duration.ofMinutes(31);

    /** Records the limit of every listing, so a test can see the batches. */
    static final class ListingStore extends ForwardingSessionStore {
        final List<Integer> limits = new CopyOnWriteArrayList<>();

        ListingStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public List<UUID> expiredBefore(Instant cutoff, int limit) {
            limits.add(limit);
            return super.expiredBefore(cutoff, limit);
        }
    }

    @Test
    void removesEveryExpiredSessionInBatchesAndLeavesLiveOnesAlone() {
        ListingStore store = new ListingStore(new InMemorySessionStore());
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(3), store);
        List<UUID> expired = createMany(f, 10);
        f.clock.advance(PAST_TIMEOUT);
        List<UUID> live = createMany(f, 2);
        List<SessionEvent> events = new CopyOnWriteArrayList<>();
        f.hub.subscribe(expired.get(0), events::add);

        CleanupReport report = f.cleanup.run(false);

        assertThat(report.dryRun()).isFalse();
        assertThat(report.cleaned()).isEqualTo(10);
        assertThat(report.expiredIds()).containsExactlyInAnyOrderElementsOf(expired);
        assertThat(report.errors()).isZero();
        assertThat(report.durationMs()).isNotNegative();
        // 10 sessions in batches of 3: at least four listings, none asking for more than a batch (the last
        // listing only counts what is left, for the summary line).
        assertThat(store.limits).last().isEqualTo(CleanupService.REMAINING_PROBE);
        assertThat(store.limits.subList(0, store.limits.size() - 1))
                .hasSizeGreaterThanOrEqualTo(4).allMatch(limit -> limit == 3);
        for (UUID id : expired) {
            assertThatThrownBy(() -> f.manager.get(id)).isInstanceOfSatisfying(SessionGoneException.class,
                    gone -> assertThat(gone.reason()).isEqualTo(GoneReason.EXPIRED));
        }
        for (UUID id : live) {
            assertThat(f.manager.get(id).id()).isEqualTo(id);
        }
        assertThat(events).containsExactly(new SessionEvent.Gone(expired.get(0), GoneReason.EXPIRED));
        assertThat(f.cleanedCounter("expired")).isEqualTo(10.0);
    }

    @Test
    void recordsEachRunForTheMetrics() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(500), new InMemorySessionStore());
        assertThat(f.tracker.history().runs()).isZero();
        assertThat(f.tracker.history().lastRunAt()).isNull();
        Instant start = f.tracker.history().trackingSince();
        f.clock.advance(Duration.ofMinutes(5));

        f.cleanup.run(false);

        CleanupHistory history = f.tracker.history();
        assertThat(history.runs()).isEqualTo(1);
        assertThat(history.lastRunAt()).isAfter(start);
        assertThat(history.lastDurationMs()).isNotNull().isNotNegative();
        assertThat(history.lastSuccessAt()).isEqualTo(history.lastRunAt());
        assertThat(f.registry.get("batch_cleanup_duration").timer().count()).isEqualTo(1);
    }

    @Test
    void tombstonesAnswerGoneUntilTheirTtlThenTheIdIsUnknown() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(500), new InMemorySessionStore());
        UUID id = f.create();
        f.clock.advance(PAST_TIMEOUT);
        f.cleanup.run(false);
        assertThat(f.store.find(id)).isEmpty();
        assertThat(f.store.findTombstone(id)).isPresent();

        f.clock.advance(Duration.ofMinutes(59));
        f.cleanup.run(false);
        assertThatThrownBy(() -> f.manager.get(id)).isInstanceOf(SessionGoneException.class);

        f.clock.advance(Duration.ofMinutes(1));
        f.cleanup.run(false);
        assertThat(f.store.findTombstone(id)).isEmpty();
        assertThatThrownBy(() -> f.manager.get(id)).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void dropsTombstonesInBatches() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(2), new InMemorySessionStore());
        List<UUID> ids = createMany(f, 5);
        ids.forEach(f.manager::delete);
        f.clock.advance(Duration.ofHours(1));

        f.cleanup.run(false);

        assertThat(ids).allSatisfy(id -> assertThat(f.store.findTombstone(id)).isEmpty());
    }

    @Test
    void dryRunReportsWhatWouldGoAndChangesNothing() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(2), new InMemorySessionStore());
        List<UUID> expired = createMany(f, 5);
        f.clock.advance(PAST_TIMEOUT);
        UUID live = f.create();

        CleanupReport dry = f.cleanup.run(true);

        assertThat(dry.dryRun()).isTrue();
        assertThat(dry.cleaned()).isEqualTo(5);
        assertThat(dry.expiredIds()).containsExactlyInAnyOrderElementsOf(expired);
        assertThat(dry.errors()).isZero();
        assertThat(f.store.count()).isEqualTo(6);
        assertThat(expired).allSatisfy(id -> {
            assertThat(f.store.find(id)).isPresent();
            assertThat(f.store.findTombstone(id)).isEmpty();
        });
        assertThat(f.store.find(live)).isPresent();
        assertThat(f.tracker.history().runs()).isZero();
        assertThat(f.cleanedCounter("expired")).isZero();

        assertThat(f.cleanup.run(false).cleaned()).isEqualTo(5);
    }

    @Test
    void reportsTheFirstHundredIds() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(40), new InMemorySessionStore());
        List<UUID> expired = createMany(f, 150);
        f.clock.advance(PAST_TIMEOUT);

        assertThat(f.cleanup.run(true).expiredIds()).hasSize(100).isSubsetOf(expired);
        CleanupReport report = f.cleanup.run(false);

        assertThat(report.cleaned()).isEqualTo(150);
        assertThat(report.expiredIds()).hasSize(100).doesNotHaveDuplicates().isSubsetOf(expired);
    }

    /** Fails the removal of chosen ids, as a shared store might for one bad row. */
    static final class FailingRemovalStore extends ForwardingSessionStore {
        final List<UUID> failing = new CopyOnWriteArrayList<>();
        boolean failAll;

        FailingRemovalStore(SessionStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<dev.batchtracker.session.Session> remove(UUID id, GoneReason reason, Instant now,
                                                                 Instant tombstoneUntil) {
            if (failAll || failing.contains(id)) {
                throw new StoreUnavailableException("remove failed for " + id, null);
            }
            return super.remove(id, reason, now, tombstoneUntil);
        }
    }

    @Test
    void aFailingRemovalIsCountedAndTheRunGoesOn() {
        FailingRemovalStore store = new FailingRemovalStore(new InMemorySessionStore());
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(2), store);
        List<UUID> expired = createMany(f, 7);
        // The first created expires first: it sits at the head of every listing.
        UUID bad = expired.get(0);
        store.failing.add(bad);
        f.clock.advance(PAST_TIMEOUT);

        CleanupReport report = f.cleanup.run(false);

        assertThat(report.errors()).isEqualTo(1);
        assertThat(report.cleaned()).isEqualTo(6);
        assertThat(report.expiredIds()).doesNotContain(bad).hasSize(6);
        assertThat(store.find(bad)).isPresent();
        assertThat(f.tracker.history().runs()).isEqualTo(1);
        assertThat(f.tracker.history().lastSuccessAt()).as("a run with errors is not a success").isNull();

        store.failing.clear();
        CleanupReport next = f.cleanup.run(false);
        assertThat(next.cleaned()).isEqualTo(1);
        assertThat(next.errors()).isZero();
        assertThat(f.tracker.history().lastSuccessAt()).isNotNull();
    }

    @Test
    void aStoreFailingEveryRemovalEndsTheRun() {
        FailingRemovalStore store = new FailingRemovalStore(new InMemorySessionStore());
        store.failAll = true;
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(10), store);
        createMany(f, CleanupService.MAX_CONSECUTIVE_FAILURES + 50);
        f.clock.advance(PAST_TIMEOUT);

        CleanupReport report = f.cleanup.run(false);

        assertThat(report.cleaned()).isZero();
        assertThat(report.errors()).isEqualTo(CleanupService.MAX_CONSECUTIVE_FAILURES);
        assertThat(store.count()).isEqualTo(CleanupService.MAX_CONSECUTIVE_FAILURES + 50);
    }

    @Test
    void aListingThatNoLongerMatchesDoesNotLoopForever() {
        InMemorySessionStore memory = new InMemorySessionStore();
        CleanupFixture probe = new CleanupFixture(CleanupFixture.withBatchSize(5), memory);
        UUID live = probe.create();
        // A store whose index still names a session that is not expired (a stale index in a shared store).
        ForwardingSessionStore stale = new ForwardingSessionStore(memory) {
            @Override
            public List<UUID> expiredBefore(Instant cutoff, int limit) {
                return List.of(live);
            }
        };
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(5), stale);

        CleanupReport report = f.cleanup.run(false);

        assertThat(report.cleaned()).isZero();
        assertThat(report.errors()).isZero();
        assertThat(memory.find(live)).isPresent();
    }

    @Test
    void aFailedListingIsRecordedAsAFailedRunAndRethrown() {
        ForwardingSessionStore broken = new ForwardingSessionStore(new InMemorySessionStore()) {
            @Override
            public List<UUID> expiredBefore(Instant cutoff, int limit) {
                throw new StoreUnavailableException("unreachable", null);
            }
        };
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(5), broken);

        assertThatThrownBy(() -> f.cleanup.run(false)).isInstanceOf(StoreUnavailableException.class);

        assertThat(f.tracker.history().runs()).isEqualTo(1);
        assertThat(f.tracker.history().lastRunAt()).isNotNull();
        assertThat(f.tracker.history().lastSuccessAt()).isNull();
    }

    @Test
    void terminalSessionsGoAfterTheirRetention() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(5), new InMemorySessionStore());
        UUID id = f.create();
        f.manager.transition(id, dev.batchtracker.session.SessionStatus.CANCELLED, "not needed");
        f.clock.advance(Duration.ofMinutes(29));
        assertThat(f.cleanup.run(false).cleaned()).isZero();
        f.clock.advance(Duration.ofMinutes(2));
        assertThat(f.cleanup.run(false).expiredIds()).containsExactly(id);
    }

    private static List<UUID> createMany(CleanupFixture f, int n) {
        List<UUID> ids = new ArrayList<>(n);
        IntStream.range(0, n).forEach(i -> {
            ids.add(f.create());
            // Distinct expiries, so "earliest first" is a defined order.
            f.clock.advance(Duration.ofMillis(1));
        });
        return ids;
    }
}
