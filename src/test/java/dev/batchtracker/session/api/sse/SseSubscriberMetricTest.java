package dev.batchtracker.session.api.sse;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.Session;
import dev.batchtracker.session.events.SessionEventHub;
import dev.batchtracker.testing.SseClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** sse_subscribers (JSON and Prometheus) counts open SSE streams: not long polls, and a closed stream leaves it. */
@QuarkusTest
class SseSubscriberMetricTest {

    @Inject
    BatchSessionManager manager;

    @Inject
    SseStreams streams;

    @Inject
    SessionEventHub hub;

    @TestHTTPResource("/")
    URI base;

    private static int jsonFigure() {
        return given().get("/api/v1/parallel/metrics").then().statusCode(200).extract().path("sse_subscribers");
    }

    private static double prometheusFigure() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith("batch_sse_subscribers"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElseThrow();
    }

    @Test
    void countsOpenStreamsOnly() {
        await().atMost(SseClient.BOUND).until(() -> streams.subscriberCount() == 0);
        Session session = LiveSessions.running(manager, 2);
        CompletableFuture<Integer> poll = CompletableFuture.supplyAsync(() -> given()
                .queryParam("wait_for_version", session.version()).queryParam("timeout", "30s")
                .get("/api/v1/parallel/status/" + session.id()).statusCode());
        // The poll is waiting on the hub before the stream opens: a figure counting hub listeners would read 2.
        await().atMost(SseClient.BOUND).until(() -> hub.subscriberCount() == 1);
        try (SseClient client = SseClient.open(LiveSessions.statusUri(base, session.id()))) {
            assertThat(client.nextEvent().name()).isEqualTo("status");
            assertThat(jsonFigure()).isEqualTo(1);
            assertThat(prometheusFigure()).isEqualTo(1.0);
        }
        await().atMost(SseClient.BOUND).until(() -> jsonFigure() == 0);
        assertThat(prometheusFigure()).isZero();
        LiveSessions.finishNode(manager, session.id(), "n-1");
        assertThat(poll.join()).isEqualTo(200);
    }
}
