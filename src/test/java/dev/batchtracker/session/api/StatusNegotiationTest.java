package dev.batchtracker.session.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.api.sse.LiveSessions;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** One URL, two answers: the status document for ordinary clients, the stream only for those that ask for it. */
@QuarkusTest
class StatusNegotiationTest {

    private static final String NO_ACCEPT = "none";

    @Inject
    BatchSessionManager manager;

    @TestHTTPResource("/")
    URI base;

    @ParameterizedTest
    @ValueSource(strings = {NO_ACCEPT, "*/*", "application/json", "application/*", "text/html,application/xhtml+xml,*/*;q=0.8"})
    void ordinaryClientsGetTheJsonDocument(String accept) throws Exception {
        Session session = LiveSessions.running(manager, 1);
        HttpRequest.Builder request = HttpRequest.newBuilder(LiveSessions.statusUri(base, session.id()))
                .timeout(SseClient.BOUND).GET();
        if (!accept.equals(NO_ACCEPT)) {
            request.header("Accept", accept);
        }

        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(new ObjectMapper().readTree(response.body()).get("task_id").asText())
                .isEqualTo(session.id().toString());
    }

    @Test
    void askingForEventStreamGetsTheStream() {
        Session session = LiveSessions.running(manager, 1);

        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            assertThat(client.status()).isEqualTo(200);
            assertThat(client.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(client.nextEvent().name()).isEqualTo("status");
        }
    }
}
