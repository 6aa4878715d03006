package dev.batchtracker.testing;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.batchtracker.testing.ServiceProcess.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The collection feed across two instances of one shared store, as every shared store's multi-instance test checks
 * it: a change written through B reaches a feed on A within a second, and a feed resumed on B with the last id seen
 * on A gets exactly the changes after it.
 */
public final class CrossInstanceFeed {

    /** The requirement's bound for a change written on one instance to reach a feed on the other. */
    public static final Duration BOUND = Duration.ofSeconds(1);
    private static final String SESSIONS = "/api/v1/parallel/sessions";

    private CrossInstanceFeed() {
    }

    public static void check(ServiceProcess a, ServiceProcess b) throws IOException {
        String prefix = "feed/" + UUID.randomUUID() + "/";
        String feed = SESSIONS + "?canvas_path_prefix=" + prefix;
        String first = create(a, prefix + "first");
        long lastSeen;
        try (SseClient onA = SseClient.open(a.uri(feed))) {
            assertThat(onA.nextEvent().data()).contains(first);
            assertThat(onA.nextEvent().name()).isEqualTo("snapshot");
            for (int i = 0; i < 3; i++) {
                String id = create(b, prefix + i);
                SseClient.Event event = within(onA, BOUND);
                assertThat(event.name()).isEqualTo("status");
                assertThat(event.data()).contains(id);
            }
            transition(b, first, "running");
            SseClient.Event event = within(onA, BOUND);
            assertThat(event.data()).contains(first).contains("\"running\"");
            lastSeen = Long.parseLong(event.id());
        }

        // Written while the client was away, through both instances.
        String later = create(a, prefix + "later");
        transition(b, first, "cancelled");
        try (SseClient onB = SseClient.open(b.uri(feed), "Last-Event-ID", Long.toString(lastSeen))) {
            SseClient.Event one = onB.nextEvent();
            SseClient.Event two = onB.nextEvent();
            assertThat(List.of(one.data(), two.data())).satisfiesExactly(
                    data -> assertThat(data).contains(later),
                    data -> assertThat(data).contains(first).contains("\"cancelled\""));
            assertThat(Long.parseLong(one.id())).isGreaterThan(lastSeen).isLessThan(Long.parseLong(two.id()));
            String next = create(a, prefix + "next");
            assertThat(within(onB, BOUND).data()).as("then live, nothing twice").contains(next);
        }
    }

    private static SseClient.Event within(SseClient stream, Duration bound) {
        List<SseClient.Event> events = new ArrayList<>();
        await().atMost(bound).pollInterval(Duration.ofMillis(5)).until(() -> {
            events.addAll(stream.takeReceivedEvents());
            return !events.isEmpty();
        });
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static String create(ServiceProcess on, String canvasPath) throws IOException {
        HttpResponse<String> response = on.post(SESSIONS,
                "{\"canvas_path\":\"" + canvasPath + "\",\"node_count\":1}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json(response).get("task_id").asText();
    }

    private static void transition(ServiceProcess on, String id, String to) throws IOException {
        HttpResponse<String> response = on.post(SESSIONS + "/" + id + "/transitions", "{\"to\":\"" + to + "\"}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }
}
