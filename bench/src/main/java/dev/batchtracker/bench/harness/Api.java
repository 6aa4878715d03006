package dev.batchtracker.bench.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Blocking calls for fixtures and controls (never for measured load): the service API and the bench endpoints. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BASE = "/api/v1/parallel";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String origin;

    Api(int port) {
        this.origin = "http://127.0.0.1:" + port;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, Duration.ofSeconds(30));
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        return send("POST", path, body, Duration.ofMinutes(10));
    }

    JsonNode put(String path, Object body) throws IOException, InterruptedException {
        return send("PUT", path, body, Duration.ofSeconds(30));
    }

    void delete(String path) throws IOException, InterruptedException {
        send("DELETE", path, null, Duration.ofMinutes(2));
    }

    /** An answer of any status, for a caller that decides itself what a status means. */
    record Answer(int status, String body) {
    }

    /** Sends a body as it is, and returns whatever the service answered. */
    Answer exchange(String method, String path, String jsonBody) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(jsonBody)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private JsonNode send(String method, String path, Object body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(timeout)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }

    /** A session as an executor opens one; returns its task id. */
    String createSession(int nodeCount) throws IOException, InterruptedException {
        return post(BASE + "/sessions", Map.of("canvas_path", "/canvases/bench/flow.json", "node_count", nodeCount))
                .get("task_id").asText();
    }

    String createRunningSession(int nodeCount) throws IOException, InterruptedException {
        String id = createSession(nodeCount);
        post(BASE + "/sessions/" + id + "/transitions", Map.of("to", "running"));
        return id;
    }

    JsonNode reportNode(String id, String nodeId) throws IOException, InterruptedException {
        return put(BASE + "/sessions/" + id + "/nodes/" + nodeId, Map.of("status", "completed", "result", Map.of("rows", 42)));
    }

    /** The status document of a session, with its history. */
    JsonNode status(String id) throws IOException, InterruptedException {
        return get(BASE + "/status/" + id);
    }

    JsonNode metrics() throws IOException, InterruptedException {
        return get(BASE + "/metrics");
    }

    /** Heap in use after full collections, in the service process. */
    long heapAfterGc() throws IOException, InterruptedException {
        return post("/bench/gc", null).get("used_bytes").asLong();
    }

    JsonNode seed(int count, int nodeCount, int nodesReported, int threads) throws IOException, InterruptedException {
        return seed(count, nodeCount, nodesReported, threads, false);
    }

    /** Sessions created in process; {@code nodesReported} > 0 starts them and reports that many nodes completed. */
    JsonNode seed(int count, int nodeCount, int nodesReported, int threads, boolean runningFirst)
            throws IOException, InterruptedException {
        return post("/bench/seed", Map.of("count", count, "node_count", nodeCount, "nodes_reported", nodesReported,
                "threads", threads, "running_first", runningFirst, "label_every", 0, "result_bytes", 0));
    }

    /** Sessions that run and finish: all {@code nodes} nodes completed, each with a result of about {@code resultBytes}. */
    JsonNode seedFinished(int count, int nodes, int resultBytes, int threads) throws IOException, InterruptedException {
        return post("/bench/seed", Map.of("count", count, "node_count", nodes, "nodes_reported", nodes,
                "threads", threads, "running_first", false, "label_every", 0, "result_bytes", resultBytes));
    }

    /** Pending sessions, every {@code labelEvery}-th labelled with the label the filter step asks for. */
    JsonNode seedLabelled(int count, int labelEvery, int threads) throws IOException, InterruptedException {
        return post("/bench/seed", Map.of("count", count, "node_count", 0, "nodes_reported", 0, "threads", threads,
                "running_first", false, "label_every", labelEvery, "result_bytes", 0));
    }

    void advanceClock(Duration by) throws IOException, InterruptedException {
        post("/bench/clock?advance=" + by, null);
    }

    JsonNode storeFigures() throws IOException, InterruptedException {
        return get("/bench/store");
    }
}
