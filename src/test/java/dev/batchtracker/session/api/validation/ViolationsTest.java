package dev.batchtracker.session.api.validation;

import dev.batchtracker.session.api.CreateSessionRequest;
import dev.batchtracker.session.api.CreateSessionRequest.GroupRequest;
import dev.batchtracker.session.api.ProgressRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ViolationsTest {

    @Test
    void aMissingBodyIsAViolationOfTheFieldBody() {
        assertThat(violationsOf(null)).containsExactly(new Violation("body", "must not be null"));
    }

    @Test
    void aValidBodyPasses() {
        var body = new CreateSessionRequest("c", 2, List.of(new GroupRequest("g", List.of("a", "b"))), "{}");
        assertThatCode(() -> Violations.of(body).throwIfAny()).doesNotThrowAnyException();
    }

    @Test
    void everyBrokenRuleIsCollectedWithItsPath() {
        var body = new CreateSessionRequest(" ", -1,
                Arrays.asList(new GroupRequest("g", Arrays.asList("a", "", null, "n".repeat(257))), null,
                        new GroupRequest(null, null)),
                "{\"m\":\"" + "\u20ac".repeat(6000) + "\"}");
        assertThat(violationsOf(body)).containsExactlyInAnyOrder(
                new Violation("canvas_path", "must not be blank"),
                new Violation("node_count", "must be greater than or equal to 0"),
                new Violation("groups[0].node_ids[1]", "size must be between 1 and 256"),
                new Violation("groups[0].node_ids[2]", "must not be null"),
                new Violation("groups[0].node_ids[3]", "size must be between 1 and 256"),
                new Violation("groups[1]", "must not be null"),
                new Violation("groups[2].group_id", "must not be blank"),
                new Violation("groups[2].node_ids", "must not be null"),
                new Violation("metadata", "must be at most 16384 bytes (UTF-8)"));
    }

    @Test
    void aRangeIsClosedAndExcludesNaN() {
        assertThat(violationsOf(new ProgressRequest(0.0))).isEmpty();
        assertThat(violationsOf(new ProgressRequest(100.0))).isEmpty();
        assertThat(violationsOf(new ProgressRequest(-0.5)))
                .containsExactly(new Violation("progress_percent", "must be greater than or equal to 0"));
        assertThat(violationsOf(new ProgressRequest(100.5)))
                .containsExactly(new Violation("progress_percent", "must be less than or equal to 100"));
        assertThat(violationsOf(new ProgressRequest(Double.NaN))).hasSize(1);
        assertThat(violationsOf(new ProgressRequest(null)))
                .containsExactly(new Violation("progress_percent", "must not be null"));
    }

    @Test
    void countsUtf8BytesNotCharacters() {
        assertThat(Violations.utf8Length("abc", 100)).isEqualTo(3);
        assertThat(Violations.utf8Length("\u00e9", 100)).isEqualTo(2);
        assertThat(Violations.utf8Length("\u20ac", 100)).isEqualTo(3);
        assertThat(Violations.utf8Length("\uD83D\uDE00", 100)).isEqualTo(4);
        // A lone surrogate is encoded as a replacement: three bytes.
        assertThat(Violations.utf8Length("\uD83D", 100)).isEqualTo(3);
    }

    @Test
    void agreesWithTheJdkEncoder() {
        String mixed = "a\u00e9\u20ac\uD83D\uDE00z".repeat(50);
        assertThat(Violations.utf8Length(mixed, Long.MAX_VALUE))
                .isEqualTo(mixed.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void stopsCountingOnceTheLimitIsPassed() {
        assertThat(Violations.utf8Length("x".repeat(1_000_000), 10)).isEqualTo(11);
    }

    private static List<Violation> violationsOf(Validated body) {
        RequestViolationException e = catchThrowableOfType(RequestViolationException.class,
                () -> Violations.of(body).throwIfAny());
        return e == null ? List.of() : e.violations();
    }
}
