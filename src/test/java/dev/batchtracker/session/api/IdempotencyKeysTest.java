package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.batchtracker.session.InvalidRequestException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdempotencyKeysTest {

    private final IdempotencyKeys keys = new IdempotencyKeys(
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE));

    private static CreateSessionRequest request(String metadata, int nodeCount) {
        return new CreateSessionRequest("canvas", nodeCount, null, metadata);
    }

    @Test
    void keyOrderInMetadataDoesNotChangeTheFingerprint() {
        assertThat(keys.fingerprint(request("{\"a\":1,\"b\":{\"y\":2,\"x\":[3,1]}}", 2)))
                .isEqualTo(keys.fingerprint(request("{\"b\":{\"x\":[3,1],\"y\":2},\"a\":1}", 2)));
    }

    @Test
    void anyDifferenceInContentChangesIt() {
        String base = keys.fingerprint(request("{\"a\":1}", 2));
        assertThat(keys.fingerprint(request("{\"a\":2}", 2))).isNotEqualTo(base);
        assertThat(keys.fingerprint(request("{\"a\":1}", 3))).isNotEqualTo(base);
        assertThat(keys.fingerprint(request(null, 2))).isNotEqualTo(base);
        assertThat(keys.fingerprint(request("{\"x\":[1,3]}", 2)))
                .isNotEqualTo(keys.fingerprint(request("{\"x\":[3,1]}", 2)));
        assertThat(keys.fingerprint(new CreateSessionRequest("canvas", null,
                List.of(new CreateSessionRequest.GroupRequest("g", List.of("a"))), null)))
                .isNotEqualTo(keys.fingerprint(new CreateSessionRequest("canvas", null,
                        List.of(new CreateSessionRequest.GroupRequest("g", List.of("b"))), null)));
    }

    @Test
    void theFingerprintIsAHexSha256() {
        assertThat(keys.fingerprint(request(null, 1))).matches("[0-9a-f]{64}");
    }

    @Test
    void keysAreVisibleAsciiUpTo255() {
        assertThat(keys.key(null)).isNull();
        assertThat(keys.key("order-42/retry")).isEqualTo("order-42/retry");
        assertThat(keys.key("k".repeat(255))).hasSize(255);
        assertThatThrownBy(() -> keys.key("k".repeat(256))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> keys.key("with space")).isInstanceOf(InvalidRequestException.class);
    }
}
