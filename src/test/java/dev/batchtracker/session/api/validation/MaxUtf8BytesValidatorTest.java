package dev.batchtracker.session.api.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MaxUtf8BytesValidatorTest {

    @Test
    void countsUtf8BytesNotCharacters() {
        assertThat(MaxUtf8BytesValidator.utf8Length("abc", 100)).isEqualTo(3);
        assertThat(MaxUtf8BytesValidator.utf8Length("\u00e9", 100)).isEqualTo(2);
        assertThat(MaxUtf8BytesValidator.utf8Length("\u20ac", 100)).isEqualTo(3);
        assertThat(MaxUtf8BytesValidator.utf8Length("\uD83D\uDE00", 100)).isEqualTo(4);
        // A lone surrogate is encoded as a replacement: three bytes.
        assertThat(MaxUtf8BytesValidator.utf8Length("\uD83D", 100)).isEqualTo(3);
    }

    @Test
    void agreesWithTheJdkEncoder() {
        String mixed = "a\u00e9\u20ac\uD83D\uDE00z".repeat(50);
        assertThat(MaxUtf8BytesValidator.utf8Length(mixed, Long.MAX_VALUE))
                .isEqualTo(mixed.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }

    @Test
    void stopsCountingOnceTheLimitIsPassed() {
        assertThat(MaxUtf8BytesValidator.utf8Length("x".repeat(1_000_000), 10)).isEqualTo(11);
    }
}
