package dev.batchtracker.session.cleanup;

import dev.batchtracker.session.store.memory.InMemorySessionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** One summary line per run that removed something, and none for a run that had nothing to do. */
class CleanupSummaryLogTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(CleanupService.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        logger.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        logger.removeHandler(capture);
    }

    @Test
    void oneInfoLineWithCountDurationRemainingAndErrors() {
        CleanupFixture f = new CleanupFixture(CleanupFixture.withBatchSize(2), new InMemorySessionStore());
        for (int i = 0; i < 5; i++) {
            f.create();
        }
        f.clock.advance(Duration.ofMinutes(31));

        f.cleanup.run(false);

        assertThat(records).singleElement().satisfies(r -> {
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

        assertThat(records).isEmpty();
    }

    private static String formatted(LogRecord r) {
        return r.getParameters() == null ? r.getMessage() : String.format(r.getMessage(), r.getParameters());
    }
}
