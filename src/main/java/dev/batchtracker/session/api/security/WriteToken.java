package dev.batchtracker.session.api.security;

import dev.batchtracker.config.BatchConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * The configured write token ({@code batch.write-token}) and the check of a presented one. Only a SHA-256 digest of
 * the token is kept; a presented token is digested too and compared with {@link MessageDigest#isEqual}, so the
 * comparison takes the same time whatever the token's content or length. The token itself is never logged.
 */
@ApplicationScoped
public class WriteToken {

    private static final Logger LOG = Logger.getLogger(WriteToken.class);
    private static final String BEARER = "bearer ";

    /** Outcome of a check, so the 401 can say whether a token was missing or wrong. */
    public enum Verdict {
        ALLOWED, MISSING, INVALID
    }

    private final Optional<byte[]> expectedDigest;

    @Inject
    public WriteToken(BatchConfig config) {
        this(config.writeToken());
    }

    WriteToken(Optional<String> token) {
        this.expectedDigest = token.filter(t -> !t.isBlank()).map(WriteToken::digest);
    }

    void warnWhenOpen(@Observes StartupEvent startup) {
        if (expectedDigest.isEmpty()) {
            LOG.warn("batch.write-token is not set: anyone who can reach this service can create, change and"
                    + " delete sessions. Set BATCH_WRITE_TOKEN to require a bearer token for writes.");
        }
    }

    public boolean required() {
        return expectedDigest.isPresent();
    }

    public Verdict check(String authorization) {
        if (expectedDigest.isEmpty()) {
            return Verdict.ALLOWED;
        }
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return Verdict.MISSING;
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).trim());
        return MessageDigest.isEqual(presented, expectedDigest.get()) ? Verdict.ALLOWED : Verdict.INVALID;
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
