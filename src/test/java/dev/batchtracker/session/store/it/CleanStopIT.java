package dev.batchtracker.session.store.it;

import dev.batchtracker.session.store.redis.RedisTestSupport;
import dev.batchtracker.testing.PostgresServer;
import dev.batchtracker.testing.ServiceProcess;
import dev.batchtracker.testing.SseClient;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static dev.batchtracker.testing.ServiceProcess.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM stops the packaged service cleanly on every store: it ends by itself, and its log has no ERROR (on the
 * Redis store it once logged two "No CDI container is available" errors from Vert.x). Each instance first serves a
 * little of everything a store does, with a live stream open when it is stopped. On the way, readiness must list
 * the chosen store's check and nothing else.
 */
class CleanStopIT {

    @Test
    void memory() throws Exception {
        stopsCleanly("stop-memory", Map.of("BATCH_STORE", "memory"));
    }

    @Test
    void sqlite() throws Exception {
        Path file = Files.createTempDirectory(Path.of("target"), "it-stop-sqlite-").resolve("sessions.db");
        stopsCleanly("stop-sqlite", Map.of("BATCH_STORE", "sqlite", "BATCH_SQLITE_PATH", file.toString()));
    }

    @Test
    void postgres() throws Exception {
        PostgresServer.assumeReachable();
        String schema = PostgresServer.schema("batch_it_stop");
        PostgresServer.recreateSchema(schema);
        try {
            stopsCleanly("stop-postgres", PostgresServer.serviceEnv(PostgresServer.URL, schema));
        } finally {
            PostgresServer.dropSchema(schema);
        }
    }

    @Test
    void redis() throws Exception {
        RedisTestSupport.assumeRedis();
        String prefix = RedisTestSupport.uniquePrefix();
        try {
            stopsCleanly("stop-redis", Map.of("BATCH_STORE", "redis", "QUARKUS_REDIS_HOSTS", RedisTestSupport.URL,
                    "BATCH_REDIS_KEY_PREFIX", prefix));
        } finally {
            RedisTestSupport.deleteKeys(RedisTestSupport.URL, prefix);
        }
    }

    private static void stopsCleanly(String name, Map<String, String> env) throws Exception {
        ServiceProcess service = ServiceProcess.start(name, env);
        try {
            service.awaitReady();
            assertThat(json(service.get("/q/health/ready")).findValuesAsText("name"))
                    .as("readiness lists the chosen store's check only (and Quarkus's shutdown check)")
                    .containsExactlyInAnyOrder("batch-sessions", "Graceful Shutdown");
            HttpResponse<String> created = service.post("/api/v1/parallel/sessions",
                    "{\"canvas_path\":\"canvases/stop.json\",\"node_count\":2}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String id = json(created).get("task_id").asText();
            assertThat(service.post("/api/v1/parallel/sessions/" + id + "/transitions", "{\"to\":\"running\"}")
                    .statusCode()).isEqualTo(200);
            assertThat(service.put("/api/v1/parallel/sessions/" + id + "/nodes/a", "{\"status\":\"completed\"}")
                    .statusCode()).isEqualTo(200);
            assertThat(service.get("/api/v1/parallel/metrics").statusCode()).isEqualTo(200);

            try (SseClient stream = SseClient.open(service.uri("/api/v1/parallel/status/" + id))) {
                assertThat(stream.nextEvent().name()).isEqualTo("status");

                service.terminate();
            }
            String log = service.logText();
            assertThat(log).as("the log of a stop by SIGTERM").contains("stopped in");
            assertThat(log.lines().filter(line -> line.contains(" ERROR ")))
                    .as("ERROR lines in the log of " + name + ":\n" + log)
                    .isEmpty();
        } finally {
            service.close();
        }
    }
}
