package dev.batchtracker.session.api.security;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** One WARN at start-up when writes are open to anyone; silence (and never the token) when a token is set. */
class WriteTokenWarningTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(WriteToken.class.getName());
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
    void warnsOnceWhenNoTokenIsSet() {
        new WriteToken(Optional.empty()).warnWhenOpen(null);

        assertThat(records).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).contains("batch.write-token is not set");
        });
    }

    @Test
    void staysSilentWhenATokenIsSet() {
        WriteToken token = new WriteToken(Optional.of("do-not-log-me"));
        token.warnWhenOpen(null);
        token.check("Bearer wrong");

        assertThat(records).isEmpty();
    }
}
