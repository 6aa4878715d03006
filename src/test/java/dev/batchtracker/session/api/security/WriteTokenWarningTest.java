package dev.batchtracker.session.api.security;

import dev.batchtracker.testing.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** One WARN at start-up when writes are open to anyone; silence (and never the token) when a token is set. */
class WriteTokenWarningTest {

    @RegisterExtension
    final LogCapture log = LogCapture.of(WriteToken.class);

    @Test
    void warnsOnceWhenNoTokenIsSet() {
        new WriteToken(Optional.empty()).warnWhenOpen(null);

        assertThat(log.records()).singleElement().satisfies(r -> {
            assertThat(r.getLevel()).isEqualTo(Level.WARNING);
            assertThat(r.getMessage()).contains("batch.write-token is not set");
        });
    }

    @Test
    void staysSilentWhenATokenIsSet() {
        WriteToken token = new WriteToken(Optional.of("do-not-log-me"));
        token.warnWhenOpen(null);
        token.check("Bearer wrong");

        assertThat(log.records()).isEmpty();
    }
}
