package dev.batchtracker.session.store.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchtracker.testing.ServiceProcess;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Driving the HTTP API of a service process, and comparing what it answers. */
final class Documents {

    static final String SESSIONS = "/api/v1/parallel/sessions";

    private Documents() {
    }

    static String status(String id) {
        return "/api/v1/parallel/status/" + id;
    }

    /** A status document without the fields derived from the reading instant (stale, ETA, throughput). */
    static JsonNode stored(JsonNode document) {
        ObjectNode copy = document.deepCopy();
        copy.remove(java.util.List.of("stale", "eta_seconds", "throughput_nodes_per_second"));
        return copy;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return ServiceProcess.json(response);
    }

    static JsonNode create(ServiceProcess service, int nodeCount) throws IOException {
        return ok(service.post(SESSIONS, "{\"canvas_path\":\"canvas/it.json\",\"node_count\":" + nodeCount + "}"));
    }

    static JsonNode transition(ServiceProcess service, String id, String to) throws IOException {
        return ok(service.post(SESSIONS + "/" + id + "/transitions", "{\"to\":\"" + to + "\"}"));
    }

    static JsonNode reportNode(ServiceProcess service, String id, String node, String status) throws IOException {
        return ok(service.put(SESSIONS + "/" + id + "/nodes/" + node, "{\"status\":\"" + status + "\"}"));
    }

    static JsonNode read(ServiceProcess service, String id) throws IOException {
        HttpResponse<String> response = service.get(status(id), "Accept", "application/json");
        assertThat(response.statusCode()).as(service.name() + ": " + response.body()).isEqualTo(200);
        return ServiceProcess.json(response);
    }

    static Map<String, String> merged(Map<String, String> base, String... pairs) {
        Map<String, String> env = new java.util.LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
