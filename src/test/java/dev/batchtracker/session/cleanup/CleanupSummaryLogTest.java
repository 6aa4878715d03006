package dev.batchtracker.session.cleanup;

import dev.batchtracker.session.store.memory.InMemorySessionStore;
import dev.batchtracker.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** One summary line per run that removed something, and none for a run that had nothing to do. */
class CleanupSummaryLogTest {

    @RegisterExtension
    final LogCapture log = LogCapture.of(CleanupService.class);

    @Test
    void oneInfoLineWithCountDurationRemainingAndErrors() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(2), new InMemorySessionStore());
        for (int i = 0; i < 5; i++) {
            f.create();
        }
        f.clock.advance(Duration.ofMinutes(31));

        f.cleanup.run(false);

        assertThat(log.records()).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.INFO);
            assertThat(formatted(r)).contains("removed 5 expired sessions", "duration_ms=", "remaining=0", "errors=0");
        });
    }

    @Test
    void silentWhenNothingWasRemoved() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(2), new InMemorySessionStore());
        f.create();

        f.cleanup.run(false);
        f.cleanup.run(true);

        assertThat(log.records()).isEmpty();
    }

    private static String formatted(LogRecord r) {
        return r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters());
    }
}
