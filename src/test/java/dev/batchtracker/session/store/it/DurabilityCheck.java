package dev.batchtracker.session.store.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchtracker.testing.ServiceProcess;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.batchtracker.session.store.it.Documents.SESSIONS;
import static dev.batchtracker.session.store.it.Documents.create;
import static dev.batchtracker.session.store.it.Documents.read;
import static dev.batchtracker.session.store.it.Documents.reportNode;
import static dev.batchtracker.session.store.it.Documents.stored;
import static dev.batchtracker.session.store.it.Documents.transition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Acknowledged writes survive SIGKILL: the service is killed while writers are still at work, started again on
 * the same store, and every write that had been answered with a 2xx is there.
 */
final class DurabilityCheck {

    private static final int WRITERS = 4;

    private DurabilityCheck() {
    }

    /** Per writer thread: its session and the node ids whose reports were acknowledged, with the last version. */
    private record Acked(String sessionId, Set<String> nodes, long lastVersion) {
    }

    static void acknowledgedWritesSurviveSigkill(String name, Map<String, String> env) throws Exception {
        Map<String, JsonNode> settled = new LinkedHashMap<>();
        String deleted;
        List<Acked> acked = new ArrayList<>();
        try (ServiceProcess before = ServiceProcess.start(name + "-before-kill", env)) {
            // Sessions in every state, each written and acknowledged before the kill.
            JsonNode pending = create(before, 3);
            settled.put(pending.get("task_id").asText(), pending);
            String running = create(before, 3).get("task_id").asText();
            transition(before, running, "running");
            settled.put(running, reportNode(before, running, "a", "running"));
            String finished = create(before, 2).get("task_id").asText();
            transition(before, finished, "running");
            reportNode(before, finished, "a", "completed");
            JsonNode done = reportNode(before, finished, "b", "failed");
            assertThat(done.get("status").asText()).isEqualTo("partial_failure");
            settled.put(finished, done);
            deleted = create(before, 1).get("task_id").asText();
            assertThat(before.delete(SESSIONS + "/" + deleted).statusCode()).isEqualTo(204);

            // Writers that are still writing when the process dies.
            List<String> busy = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                String id = create(before, 100_000).get("task_id").asText();
                transition(before, id, "running");
                busy.add(id);
            }
            Map<String, Set<String>> ackedNodes = new ConcurrentHashMap<>();
            Map<String, Long> lastVersion = new ConcurrentHashMap<>();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (String id : busy) {
                    ackedNodes.put(id, ConcurrentHashMap.newKeySet());
                    writers.add(pool.submit(() -> write(before, id, ackedNodes.get(id), lastVersion)));
                }
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> ackedNodes.values().stream().allMatch(nodes -> nodes.size() >= 20));
                before.kill();
                for (Future<?> writer : writers) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (String id : busy) {
                acked.add(new Acked(id, Set.copyOf(ackedNodes.get(id)), lastVersion.get(id)));
            }
        }

        try (ServiceProcess after = ServiceProcess.start(name + "-after-kill", env)) {
            for (Map.Entry<String, JsonNode> entry : settled.entrySet()) {
                assertThat(stored(read(after, entry.getKey()))).as(entry.getKey()).isEqualTo(stored(entry.getValue()));
            }
            HttpResponse<String> gone = after.get(Documents.status(deleted), "Accept", "application/json");
            assertThat(gone.statusCode()).isEqualTo(410);
            for (Acked writer : acked) {
                JsonNode document = read(after, writer.sessionId());
                assertThat(document.get("version").asLong()).as("version of %s", writer.sessionId())
                        .isGreaterThanOrEqualTo(writer.lastVersion());
                assertThat(document.get("completed_nodes").asInt()).isGreaterThanOrEqualTo(writer.nodes().size());
                assertThat(completedNodes(after, writer.sessionId())).containsAll(writer.nodes());
            }
        }
    }

    /**
     * The same under the everyday load of one batch: many reporters into ONE session, so the service combines their
     * reports into shared writes when it is killed. Every acknowledged report must be there after the restart.
     */
    static void acknowledgedCombinedWritesSurviveSigkill(String name, Map<String, String> env) throws Exception {
        int reporters = 16;
        String id;
        Set<String> acked = ConcurrentHashMap.newKeySet();
        Map<String, Long> lastVersion = new ConcurrentHashMap<>();
        try (ServiceProcess before = ServiceProcess.start(name + "-one-session-before-kill", env)) {
            id = create(before, 100_000).get("task_id").asText();
            transition(before, id, "running");
            ExecutorService pool = Executors.newFixedThreadPool(reporters);
            try {
                List<Future<?>> writers = new ArrayList<>();
                for (int r = 0; r < reporters; r++) {
                    String prefix = String.format("r%02d-", r);
                    writers.add(pool.submit(() -> write(before, id, prefix, acked, lastVersion)));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 20 * reporters);
                before.kill();
                for (Future<?> writer : writers) {
                    writer.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        try (ServiceProcess after = ServiceProcess.start(name + "-one-session-after-kill", env)) {
            JsonNode document = read(after, id);
            assertThat(document.get("version").asLong()).isGreaterThanOrEqualTo(lastVersion.get(id));
            assertThat(document.get("completed_nodes").asInt()).isGreaterThanOrEqualTo(acked.size());
            assertThat(completedNodes(after, id)).containsAll(acked);
        }
    }

    private static void write(ServiceProcess service, String id, Set<String> acked, Map<String, Long> lastVersion) {
        write(service, id, "node-", acked, lastVersion);
    }

    /** Reports nodes completed one after another until the service stops answering. */
    private static void write(ServiceProcess service, String id, String prefix, Set<String> acked,
                              Map<String, Long> lastVersion) {
        for (int i = 0; i < 100_000; i++) {
            String node = prefix + String.format("%06d", i);
            try {
                HttpResponse<String> response = service.put(SESSIONS + "/" + id + "/nodes/" + node,
                        "{\"status\":\"completed\"}");
                if (response.statusCode() != 200) {
                    return;
                }
                lastVersion.merge(id, ServiceProcess.json(response).get("version").asLong(), Math::max);
                acked.add(node);
            } catch (IOException | RuntimeException e) {
                return; // the process is gone: what was acknowledged so far is what must survive
            }
        }
    }

    private static Set<String> completedNodes(ServiceProcess service, String id) throws IOException {
        Set<String> nodes = new HashSet<>();
        String cursor = null;
        do {
            String path = SESSIONS + "/" + id + "/nodes?status=completed&limit=500"
                    + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = Documents.ok(service.get(path));
            page.get("items").forEach(item -> nodes.add(item.get("node_id").asText()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return nodes;
    }
}
