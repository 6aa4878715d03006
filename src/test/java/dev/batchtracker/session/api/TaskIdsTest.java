package dev.batchtracker.session.api;

import dev.batchtracker.session.SessionNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class TaskIdsTest {

    /** The rule as a regular expression, to check the hand-written check against. */
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    @Test
    void parsesCanonicalTextInEitherCase() {
        UUID id = UUID.randomUUID();
        assertThat(TaskIds.parse(id.toString())).isEqualTo(id);
        assertThat(TaskIds.parse(id.toString().toUpperCase())).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "123e4567-e89b-12d3-a456-42661417400",
            "123e4567-e89b-12d3-a456-4266141740000", "123e4567e89b-12d3-a456-426614174000-",
            "123e4567-e89b-12d3-a456-42661417400g", "{123e4567-e89b-12d3-a456-4266141740}", "1-2-3-4-5"})
    void anythingElseNamesNoSession(String text) {
        assertThatThrownBy(() -> TaskIds.parse(text)).isInstanceOf(SessionNotFoundException.class);
    }

    @Test
    void agreesWithTheRegularExpressionOnNearMisses() {
        Random random = new Random(7);
        String alphabet = "0123456789abcdefABCDEFgG-x {}";
        int checked = 0;
        for (int i = 0; i < 20_000; i++) {
            char[] text = UUID.randomUUID().toString().toCharArray();
            for (int flips = random.nextInt(3); flips > 0; flips--) {
                text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String candidate = random.nextInt(10) == 0
                    ? new String(text, 0, random.nextInt(text.length)) : new String(text);
            if (TaskIds.isCanonical(candidate) != CANONICAL.matcher(candidate).matches()) {
                fail("disagree on '%s'", candidate);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(20_000);
    }
}
