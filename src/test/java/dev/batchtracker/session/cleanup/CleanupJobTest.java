package dev.batchtracker.session.cleanup;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.store.SessionStore;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scheduler calls the cleanup every batch.cleanup.interval; what a run does is CleanupServiceTest's. */
@QuarkusTest
@TestProfile(FastCleanupProfile.class)
class CleanupJobTest {

    @Inject
    CleanupTracker tracker;
    @Inject
    BatchSessionManager manager;
    @Inject
    SessionStore store;
    @Inject
    MutableClock clock;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void runsRepeatedlyOnItsOwn() {
        long before = tracker.history().runs();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(tracker.history().runs()).isGreaterThanOrEqualTo(before + 2));
    }

    @Test
    void removesExpiredSessionsWithoutBeingAsked() {
        UUID id = manager.create(new CreateSession("canvas/job", 1, null, null, null, null)).session().id();
        clock.advance(Duration.ofMinutes(31));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(store.find(id)).isEmpty();
            assertThat(store.findTombstone(id)).isPresent();
        });
    }
}
