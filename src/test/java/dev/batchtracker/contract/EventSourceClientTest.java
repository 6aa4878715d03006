package dev.batchtracker.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.testing.NodeTools;
import dev.batchtracker.testing.NodeTools.Result;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A spec-following EventSource (the npm {@code eventsource} package, {@code src/test/node/eventsource-terminal.mjs})
 * lets go of a finished session by itself: after the terminal event it reconnects once, as the WHATWG rules
 * require, with the final version as Last-Event-ID, is answered 204 No Content, and ends CLOSED without ever being
 * reopened. Without that answer a browser's EventSource stays OPEN on a finished session.
 */
@QuarkusTest
class EventSourceClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @Test
    void aFinishedSessionsStreamClosesTheClientByItself() throws IOException {
        NodeTools node = NodeTools.require();
        String url = base.toString().replaceAll("/$", "");

        Result result = node.node("eventsource-terminal.mjs", Duration.ofMinutes(2),
                Map.of("SERVICE_URL", url, "SETTLE_MS", "15000"));

        assertThat(result.exitCode()).as(result.output()).isZero();
        JsonNode report = JSON.readTree(result.stdout());
        JsonNode events = report.path("events");
        JsonNode last = events.path(events.size() - 1);
        String reported = "what the client saw: " + report.toPrettyString();
        assertThat(last.path("status").asText()).as(reported).isEqualTo("completed");
        assertThat(report.path("opens").asInt()).as("times the client opened the stream; " + reported).isEqualTo(1);
        assertThat(report.path("final_ready_state").asInt())
                .as("readyState after the terminal event (0 CONNECTING, 1 OPEN, 2 CLOSED); " + reported)
                .isEqualTo(2);
        assertThat(requests(report)).as("the client's requests: Last-Event-ID sent → status answered; " + reported)
                .containsExactly("none → 200", last.path("id").asText() + " → 204");
    }

    private static List<String> requests(JsonNode report) {
        List<String> requests = new ArrayList<>();
        for (JsonNode request : report.path("requests")) {
            JsonNode id = request.path("last_event_id");
            requests.add((id.isNull() ? "none" : id.asText()) + " → " + request.path("status").asText());
        }
        return requests;
    }
}
