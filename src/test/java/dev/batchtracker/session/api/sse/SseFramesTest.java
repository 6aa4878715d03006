package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.GoneReason;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The SSE wire form, byte for byte: what every subscriber of a version receives. */
class SseFramesTest {

    // Status frames need the document mapping (covered over HTTP in SseStreamTest); gone and heartbeat do not.
    private final SseFrames frames = new SseFrames(null, new ObjectMapper(), new RenderedStatuses<>(Clock.systemUTC()));

    @Test
    void anEventIsItsFieldsThenItsDataThenABlankLine() {
        Buffer frame = SseFrames.frame("status", "7", bytes("{\"a\":1}"));

        assertThat(frame.toString(StandardCharsets.UTF_8)).isEqualTo("event: status\nid: 7\ndata: {\"a\":1}\n\n");
    }

    @Test
    void everyLineOfTheDataGetsItsOwnDataFieldWhateverTheLineBreak() {
        Buffer frame = SseFrames.frame("status", null, bytes("one\ntwo\r\nthree\rfour"));

        assertThat(frame.toString(StandardCharsets.UTF_8))
                .isEqualTo("event: status\ndata: one\ndata: two\ndata: three\ndata: four\n\n");
    }

    @Test
    void emptyDataIsOneEmptyDataField() {
        assertThat(SseFrames.frame("gone", null, new byte[0]).toString(StandardCharsets.UTF_8))
                .isEqualTo("event: gone\ndata: \n\n");
    }

    @Test
    void goneCarriesTheReasonAndRetryOnlyWhenItIsTheFirstEvent() {
        UUID id = UUID.fromString("00000000-0000-0000-0000-000000000042");

        String first = frames.gone(id, GoneReason.EXPIRED, true).toString(StandardCharsets.UTF_8);
        String later = frames.gone(id, GoneReason.EXPIRED, false).toString(StandardCharsets.UTF_8);

        assertThat(later).isEqualTo("event: gone\ndata: {\"taskId\":\"" + id + "\",\"reason\":\"expired\"}\n\n");
        assertThat(first).isEqualTo("retry: " + SseFrames.RETRY_MILLIS + "\n" + later);
    }

    @Test
    void aHeartbeatIsACommentLine() {
        assertThat(frames.heartbeat().toString(StandardCharsets.UTF_8)).isEqualTo(": heartbeat\n\n");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
