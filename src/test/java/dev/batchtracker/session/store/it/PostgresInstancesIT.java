package dev.batchtracker.session.store.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.CrossInstanceFeed;
import dev.batchtracker.testing.PostgresServer;
import dev.batchtracker.testing.ServiceProcess;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.TwoInstances;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.batchtracker.session.store.it.Documents.create;
import static dev.batchtracker.session.store.it.Documents.read;
import static dev.batchtracker.session.store.it.Documents.reportNode;
import static dev.batchtracker.session.store.it.Documents.stored;
import static dev.batchtracker.session.store.it.Documents.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two service processes, A and B, sharing one PostgreSQL schema: one set of sessions, one stream of events. */
class PostgresInstancesIT {

    private static final String SCHEMA = PostgresServer.schema("batch_it_instances");
    /** The bound for a version written on one instance to reach a subscriber on the other. */
    private static final Duration DELIVERY_BOUND = Duration.ofSeconds(1);

    @RegisterExtension
    static final TwoInstances instances = new TwoInstances(PostgresServer.server(),
            PostgresServer.serviceEnv(PostgresServer.URL, SCHEMA), "pg-a", "pg-b")
            .beforeStart(() -> PostgresServer.recreateSchema(SCHEMA))
            .afterStop(() -> PostgresServer.dropSchema(SCHEMA));

    @Test
    void aSessionCreatedOnOneInstanceAndUpdatedOnTheOtherReadsIdenticallyOnBoth() throws Exception {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        String id = create(a, 3).get("task_id").asText();
        transition(b, id, "running");
        reportNode(b, id, "n1", "completed");
        JsonNode last = reportNode(a, id, "n2", "failed");

        JsonNode onA = read(a, id);
        JsonNode onB = read(b, id);

        assertThat(stored(onA)).isEqualTo(stored(onB)).isEqualTo(stored(last));
        assertThat(onA.get("version").asLong()).isEqualTo(4);
        assertThat(onA.get("completed_nodes").asInt()).isEqualTo(1);
        assertThat(onA.get("failed_nodes").asInt()).isEqualTo(1);
        assertThat(a.get(Documents.status(id)).headers().firstValue("ETag"))
                .isEqualTo(b.get(Documents.status(id)).headers().firstValue("ETag"));
    }

    @Test
    void aSubscriberOnOneInstanceGetsEveryVersionTheOtherWritesInOrderWithinASecond() throws Exception {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        String id = create(a, 50).get("task_id").asText();
        transition(a, id, "running");
        try (SseClient stream = SseClient.open(a.uri(Documents.status(id)))) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.nextEvent().id()).isEqualTo("2");

            List<Long> written = new ArrayList<>();
            List<Long> received = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long version = reportNode(b, id, "node-" + i, i % 2 == 0 ? "running" : "completed")
                        .get("version").asLong();
                long acknowledged = System.nanoTime();
                SseClient.Event event = stream.nextEvent();
                Duration delay = Duration.ofNanos(System.nanoTime() - acknowledged);
                written.add(version);
                received.add(Long.parseLong(event.id()));
                assertThat(delay).as("version %d reached A after %s", version, delay).isLessThanOrEqualTo(DELIVERY_BOUND);
                assertThat(Documents.parse(event.data()).get("version").asLong()).isEqualTo(version);
            }
            assertThat(received).isEqualTo(written);
        }
    }

    @Test
    void lastEventIdReconnectionToTheOtherInstanceResumesWithoutDuplicates() throws Exception {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        String id = create(a, 50).get("task_id").asText();
        transition(a, id, "running");
        long seen;
        try (SseClient onA = SseClient.open(a.uri(Documents.status(id)))) {
            assertThat(onA.nextEvent().id()).isEqualTo("2");
            // One write at a time: a stream conflates, so two quick writes may arrive as the newer one only.
            reportNode(b, id, "n1", "running");
            assertThat(onA.nextEvent().id()).isEqualTo("3");
            reportNode(b, id, "n2", "running");
            seen = Long.parseLong(onA.nextEvent().id());
            assertThat(seen).isEqualTo(4);
        }
        // Written while the client was away, on both instances.
        reportNode(b, id, "n3", "running");
        long current = reportNode(a, id, "n4", "running").get("version").asLong();

        try (SseClient onB = SseClient.open(b.uri(Documents.status(id)), "Last-Event-ID", Long.toString(seen))) {
            assertThat(Long.parseLong(onB.nextEvent().id())).as("the current version, nothing already seen")
                    .isEqualTo(current);
            long next = reportNode(a, id, "n5", "running").get("version").asLong();
            assertThat(Long.parseLong(onB.nextEvent().id())).isEqualTo(next);
            current = next;
        }

        // Up to date already: nothing until there is something newer, written on the other instance.
        try (SseClient onA = SseClient.open(a.uri(Documents.status(id)), "Last-Event-ID", Long.toString(current))) {
            long next = reportNode(b, id, "n6", "running").get("version").asLong();
            assertThat(Long.parseLong(onA.nextEvent().id())).isEqualTo(next);
        }
    }

    @Test
    void aFeedOnOneInstanceGetsChangesWrittenOnTheOtherWithinASecondAndResumesThere() throws Exception {
        CrossInstanceFeed.check(instances.a(), instances.b());
    }

    @Test
    void totalsDescribeTheWholeStore() throws Exception {
        ServiceProcess a = instances.a();
        ServiceProcess b = instances.b();
        long before = ServiceProcess.json(a.get("/api/v1/parallel/metrics")).get("total_created").asLong();
        create(a, 1);
        create(b, 1);
        create(b, 1);
        // The metrics document may cache store figures for a few seconds.
        for (ServiceProcess instance : List.of(a, b)) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(ServiceProcess.json(instance.get("/api/v1/parallel/metrics")).get("total_created")
                            .asLong()).as(instance.name()).isGreaterThanOrEqualTo(before + 3));
        }
        JsonNode metricsA = ServiceProcess.json(a.get("/api/v1/parallel/metrics"));
        JsonNode metricsB = ServiceProcess.json(b.get("/api/v1/parallel/metrics"));
        assertThat(metricsA.get("total_created")).isEqualTo(metricsB.get("total_created"));
    }
}
