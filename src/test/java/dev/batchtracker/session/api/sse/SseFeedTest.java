package dev.batchtracker.session.api.sse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.cleanup.CleanupService;
import dev.batchtracker.session.api.SessionsResource;
import dev.batchtracker.testing.MutableClock;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.SseClient.Event;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The collection feed on the memory store: the first page and its snapshot event, live changes and removals, resuming
 * by Last-Event-ID without gaps or duplicates, and 410 resync once a removal after the position was purged. Every test
 * filters by its own canvas path prefix, so sessions of other tests stay out of its feed.
 */
@QuarkusTest
class SseFeedTest {

    /** Default of batch.tombstone-ttl, which this test runs with. */
    private static final Duration TOMBSTONE_TTL = Duration.ofHours(1);

    @Inject
    BatchSessionManager manager;

    @Inject
    SseStreams streams;

    @Inject
    MutableClock clock;

    @Inject
    CleanupService cleanup;

    @Inject
    ObjectMapper mapper;

    @TestHTTPResource("/")
    URI base;

    private final String prefix = "feed-test/" + UUID.randomUUID() + "/";

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aClientThatAcceptsAnythingOrSaysNothingGetsTheJsonPageNotTheFeed() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String accept : new String[] {"*/*", null}) {
            HttpRequest.Builder request = HttpRequest.newBuilder(feed("limit=1")).timeout(Duration.ofSeconds(5));
            if (accept != null) {
                request.header("Accept", accept);
            }
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            assertThat(mapper.readTree(answer.body()).has("items")).isTrue();
        }
    }

    @Test
    void theFirstEventsAreTheMatchingSessionsThenTheSnapshotThenEveryChange() throws Exception {
        Session older = create("a");
        Session newer = create("b");

        try (SseClient client = SseClient.open(feed("canvas_path_prefix=" + prefix))) {
            assertThat(client.status()).isEqualTo(200);
            Event first = client.nextEvent();
            Event second = client.nextEvent();
            Event snapshot = client.nextEvent();
            assertThat(first.retry()).isEqualTo(3000L);
            assertThat(List.of(first.name(), second.name())).containsOnly("status");
            assertThat(first.id()).isNull();
            assertThat(second.id()).isNull();
            assertThat(List.of(json(first).get("task_id").asText(), json(second).get("task_id").asText()))
                    .containsExactly(newer.id().toString(), older.id().toString());
            assertThat(json(first).has("history")).isFalse();
            assertThat(snapshot.name()).isEqualTo("snapshot");
            assertThat(json(snapshot).has("next_cursor")).isTrue();
            long position = Long.parseLong(snapshot.id());

            manager.transition(older.id(), SessionStatus.RUNNING, null);
            manager.delete(newer.id());
            createAt("elsewhere/" + UUID.randomUUID());

            Event changed = client.nextEvent();
            assertThat(changed.name()).isEqualTo("status");
            assertThat(json(changed).get("status").asText()).isEqualTo("running");
            assertThat(Long.parseLong(changed.id())).isGreaterThan(position);
            Event gone = client.nextEvent();
            assertThat(gone.name()).isEqualTo("gone");
            assertThat(json(gone).get("task_id").asText()).isEqualTo(newer.id().toString());
            assertThat(json(gone).get("reason").asText()).isEqualTo("deleted");
            assertThat(Long.parseLong(gone.id())).isGreaterThan(Long.parseLong(changed.id()));
            assertThat(streams.subscriberCount()).as("a feed counts as an SSE subscriber").isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void resumingFromAnIdGetsEveryChangeAfterItOnceAndNothingBefore() throws Exception {
        Session a = create("a");
        Session b = create("b");
        long position;
        try (SseClient client = SseClient.open(feed("canvas_path_prefix=" + prefix))) {
            position = Long.parseLong(untilSnapshot(client).id());
        }
        manager.transition(a.id(), SessionStatus.RUNNING, null);
        manager.transition(b.id(), SessionStatus.RUNNING, null);
        manager.transition(a.id(), SessionStatus.CANCELLED, "stop");

        List<Event> resumed = new ArrayList<>();
        try (SseClient client = SseClient.open(feed("canvas_path_prefix=" + prefix),
                "Last-Event-ID", Long.toString(position))) {
            resumed.add(client.nextEvent());
            resumed.add(client.nextEvent());
        }
        // a's two changes are one event at its latest state, after b's: ids increase along the stream.
        assertThat(resumed).extracting(e -> json(e).get("task_id").asText())
                .containsExactly(b.id().toString(), a.id().toString());
        assertThat(json(resumed.get(1)).get("status").asText()).isEqualTo("cancelled");
        assertThat(Long.parseLong(resumed.get(0).id())).isGreaterThan(position)
                .isLessThan(Long.parseLong(resumed.get(1).id()));

        manager.transition(b.id(), SessionStatus.COMPLETED, null);
        try (SseClient client = SseClient.open(URI.create(feed("canvas_path_prefix=" + prefix)
                + "&last_event_id=" + resumed.get(0).id()))) {
            Event next = client.nextEvent();
            assertThat(json(next).get("task_id").asText()).as("a's change after the id, not b's before it")
                    .isEqualTo(a.id().toString());
            Event last = client.nextEvent();
            assertThat(json(last).get("task_id").asText()).isEqualTo(b.id().toString());
            assertThat(json(last).get("status").asText()).isEqualTo("completed");
        }
    }

    @Test
    void aPositionOlderThanAPurgedRemovalAnswers410Resync() throws Exception {
        long position;
        try (SseClient client = SseClient.open(feed("canvas_path_prefix=" + prefix))) {
            position = Long.parseLong(untilSnapshot(client).id());
        }
        Session removed = create("removed");
        manager.delete(removed.id());
        clock.advance(TOMBSTONE_TTL.plusSeconds(1));
        cleanup.run(false);

        JsonNode problem = mapper.readTree(given().header("Accept", "text/event-stream")
                .header("Last-Event-ID", Long.toString(position))
                .queryParam("canvas_path_prefix", prefix)
                .get(SessionsResource.PATH)
                .then().statusCode(410).contentType("application/problem+json").extract().asString());
        assertThat(problem.get("reason").asText()).isEqualTo("resync");
    }

    @Test
    void aStatusFilterSendsOneLastEventForASessionThatLeavesIt() throws Exception {
        Session session = create("a");
        try (SseClient client = SseClient.open(feed("status=running&canvas_path_prefix=" + prefix))) {
            Event snapshot = untilSnapshot(client);
            assertThat(json(snapshot).get("next_cursor").isNull()).isTrue();

            manager.transition(session.id(), SessionStatus.RUNNING, null);
            assertThat(json(client.nextEvent()).get("status").asText()).isEqualTo("running");
            manager.transition(session.id(), SessionStatus.CANCELLED, null);
            assertThat(json(client.nextEvent()).get("status").asText()).as("the last one, so it can be dropped")
                    .isEqualTo("cancelled");
            Session other = create("b");
            manager.transition(other.id(), SessionStatus.RUNNING, null);
            assertThat(json(client.nextEvent()).get("task_id").asText()).as("nothing of a in between")
                    .isEqualTo(other.id().toString());
        }
    }

    @Test
    void anUnknownStatusIsRefusedBeforeTheStreamStarts() {
        given().header("Accept", "text/event-stream").queryParam("status", "sleeping")
                .get(SessionsResource.PATH).then().statusCode(400).contentType("application/problem+json");
    }

    private Event untilSnapshot(SseClient client) {
        while (true) {
            Event event = client.nextEvent();
            if ("snapshot".equals(event.name())) {
                return event;
            }
        }
    }

    private Session create(String name) {
        return createAt(prefix + name);
    }

    /** Each a millisecond after the one before: the listing orders by creation, and ties by id. */
    private Session createAt(String canvasPath) {
        clock.advance(Duration.ofMillis(1));
        return manager.create(new CreateSession(canvasPath, 1, null, null, null, null)).session();
    }

    private URI feed(String query) {
        return base.resolve(SessionsResource.PATH + "?" + query);
    }

    private JsonNode json(Event event) {
        try {
            return mapper.readTree(event.data());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
