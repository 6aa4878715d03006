package dev.batchtracker.session.store.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.PostgresServer;
import dev.batchtracker.testing.ServiceProcess;
import dev.batchtracker.testing.SseClient;
import dev.batchtracker.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static dev.batchtracker.session.store.it.Documents.create;
import static dev.batchtracker.session.store.it.Documents.read;
import static dev.batchtracker.session.store.it.Documents.reportNode;
import static dev.batchtracker.session.store.it.Documents.stored;
import static dev.batchtracker.session.store.it.Documents.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL going away under a running service, and coming back. The service reaches the database through a
 * TCP proxy the test cuts and restores; the machine's PostgreSQL server itself is never stopped.
 */
class PostgresOutageIT {

    private static final String OUTAGE = PostgresServer.schema("batch_it_outage");
    private static final String OUTAGE_AT_START = PostgresServer.schema("batch_it_outage_start");

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(2);
    /** The store timeout plus room for a loaded machine: still "fails fast", never a hang. */
    private static final Duration FAIL_FAST_BOUND = STORE_TIMEOUT.plusSeconds(2);

    private static TcpProxy proxy;

    @BeforeAll
    static void proxy() throws Exception {
        proxy = new TcpProxy(PostgresServer.host(), PostgresServer.port());
    }

    @BeforeEach
    void requirePostgres() {
        PostgresServer.assumeReachable();
    }

    @AfterAll
    static void cleanUp() throws Exception {
        proxy.close();
        if (PostgresServer.reachable()) {
            PostgresServer.dropSchema(OUTAGE);
            PostgresServer.dropSchema(OUTAGE_AT_START);
        }
    }

    private static Map<String, String> env(String schema) {
        return Documents.merged(PostgresServer.serviceEnv(PostgresServer.urlThroughPort(proxy.port()), schema),
                "BATCH_STORE_TIMEOUT", "2S", "BATCH_SSE_HEARTBEAT", "1S");
    }

    @Test
    void anOutageAnswers503AndReadinessDownThenTheServiceRecoversWithoutRestart() throws Exception {
        proxy.restore();
        PostgresServer.recreateSchema(OUTAGE);
        try (ServiceProcess service = ServiceProcess.start("pg-outage", env(OUTAGE))) {
            service.awaitReady();
            String id = create(service, 5).get("task_id").asText();
            JsonNode acknowledged = transition(service, id, "running");

            try (SseClient stream = SseClient.open(service.uri(Documents.status(id)))) {
                assertThat(stream.nextEvent().id()).isEqualTo("2");

                proxy.cut();

                long started = System.nanoTime();
                HttpResponse<String> read = service.get(Documents.status(id), "Accept", "application/json");
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(read.statusCode()).isEqualTo(503);
                assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(ServiceProcess.json(read).get("status").asInt()).isEqualTo(503);
                assertThat(took).as("a read during the outage fails fast").isLessThanOrEqualTo(FAIL_FAST_BOUND);

                started = System.nanoTime();
                HttpResponse<String> write = service.put(Documents.SESSIONS + "/" + id + "/nodes/n1",
                        "{\"status\":\"completed\"}");
                took = Duration.ofNanos(System.nanoTime() - started);
                assertThat(write.statusCode()).isEqualTo(503);
                assertThat(took).as("a write during the outage fails fast").isLessThanOrEqualTo(FAIL_FAST_BOUND);

                await().atMost(FAIL_FAST_BOUND.plus(STORE_TIMEOUT)).untilAsserted(() -> {
                    HttpResponse<String> ready = service.get("/q/health/ready");
                    assertThat(ready.statusCode()).isEqualTo(503);
                    assertThat(ServiceProcess.json(ready).get("status").asText()).isEqualTo("DOWN");
                });
                // The open stream is not torn down by the outage: its heartbeats keep coming.
                assertThat(stream.next()).isInstanceOf(SseClient.Comment.class);

                proxy.restore();

                service.awaitReady();
                assertThat(stored(read(service, id))).as("no acknowledged write lost").isEqualTo(stored(acknowledged));
                JsonNode after = reportNode(service, id, "n1", "completed");
                assertThat(after.get("version").asLong()).isEqualTo(3);
                SseClient.Event event = stream.nextEvent();
                assertThat(event.id()).isEqualTo("3");
            }
        } finally {
            proxy.restore();
        }
    }

    @Test
    void aServiceStartedWhileTheDatabaseIsDownServesOnceItIsBack() throws Exception {
        PostgresServer.dropSchema(OUTAGE_AT_START); // created and migrated by the service when it can
        proxy.cut();
        try (ServiceProcess service = ServiceProcess.start("pg-outage-start", env(OUTAGE_AT_START))) {
            HttpResponse<String> ready = service.get("/q/health/ready");
            assertThat(ready.statusCode()).isEqualTo(503);
            HttpResponse<String> create = service.post(Documents.SESSIONS, "{\"canvas_path\":\"c\",\"node_count\":1}");
            assertThat(create.statusCode()).isEqualTo(503);
            assertThat(create.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));

            proxy.restore();

            service.awaitReady();
            String id = create(service, 1).get("task_id").asText();
            assertThat(read(service, id).get("status").asText()).isEqualTo("pending");
        } finally {
            proxy.restore();
        }
    }
}
