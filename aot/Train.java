import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The training workload of aot/build.sh: every kind of request the service answers, including its errors, so the
 * classes they load are in the AOT cache. Run as a source file: {@code java aot/Train.java http://127.0.0.1:PORT}.
 * Exits non-zero on any unexpected answer, so a broken AOT build fails its build.
 */
public class Train {

    private static final Pattern TASK_ID = Pattern.compile("\"task_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"");
    private static final String API = "/api/v1/parallel";

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    private Train(String base) {
        this.base = base;
    }

    public static void main(String[] args) throws Exception {
        Train train = new Train(args[0]);
        // Several rounds: start-up runs once, but the first requests of each kind are what the cache is for.
        for (int round = 0; round < 5; round++) {
            train.round(round);
        }
        System.err.println("aot: training workload done");
    }

    private void round(int round) throws Exception {
        expect(get("/q/health/ready"), 200);
        expect(get("/q/health/live"), 200);
        expect(get("/"), 200);
        Matcher assets = ASSET.matcher(get("/").body());
        while (assets.find()) {
            expect(get(assets.group(1)), 200);
        }

        // A grouped session, created twice with one Idempotency-Key: the second is a replay.
        String grouped = "{\"canvas_path\":\"aot/train-" + round + ".json\",\"groups\":[{\"group_id\":\"g1\","
                + "\"node_ids\":[\"a\",\"b\"]},{\"group_id\":\"g2\",\"node_ids\":[\"c\"]}],\"metadata\":{\"round\":"
                + round + "}}";
        HttpResponse<String> created = send(json("POST", API + "/sessions", grouped)
                .header("Idempotency-Key", "aot-train-" + round), 201);
        String id = match(TASK_ID, created.body());
        send(json("POST", API + "/sessions", grouped).header("Idempotency-Key", "aot-train-" + round), 201);
        String status = API + "/status/" + id;

        HttpResponse<String> document = expect(get(status), 200);
        String etag = document.headers().firstValue("ETag").orElseThrow();
        expect(send(HttpRequest.newBuilder(uri(status)).header("If-None-Match", etag)), 304);
        expect(get(status + "?wait_for_version=" + match(VERSION, document.body()) + "&timeout=50ms"), 304);
        firstEvent(status);

        send(json("POST", API + "/sessions/" + id + "/transitions", "{\"to\":\"running\",\"reason\":\"aot\"}"), 200);
        send(json("PUT", API + "/sessions/" + id + "/nodes/a", "{\"status\":\"running\"}"), 200);
        send(json("POST", API + "/sessions/" + id + "/progress", "{\"progress_percent\":10.5}"), 200);
        send(HttpRequest.newBuilder(uri(API + "/sessions/" + id + "/heartbeat"))
                .POST(HttpRequest.BodyPublishers.noBody()), 204);
        send(json("PUT", API + "/sessions/" + id + "/nodes/a", "{\"status\":\"completed\",\"result\":{\"rows\":42},"
                + "\"started_at\":\"2026-01-01T00:00:00Z\",\"finished_at\":\"2026-01-01T00:00:01Z\"}"), 200);
        send(json("PUT", API + "/sessions/" + id + "/nodes/b", "{\"status\":\"failed\",\"error\":\"timeout\"}"), 200);
        expect(get(API + "/sessions/" + id + "/nodes?status=failed&limit=10"), 200);
        expect(get(API + "/sessions?status=running&limit=5"), 200);
        send(json("PUT", API + "/sessions/" + id + "/nodes/c", "{\"status\":\"completed\"}"), 200);
        expect(get(status), 200);

        // The errors every client meets sooner or later.
        send(json("POST", API + "/sessions/" + id + "/transitions", "{\"to\":\"running\"}"), 409);
        send(json("POST", API + "/sessions", "{\"canvas_path\":\" \",\"node_count\":-1}"), 400);
        send(json("POST", API + "/sessions", "{\"canvas_path\":"), 400);
        send(json("POST", API + "/sessions", "{}").setHeader("Content-Type", "text/plain"), 415);
        expect(get(API + "/status/00000000-0000-4000-8000-000000000000"), 404);

        // A plain session, deleted: its status is then 410.
        String plain = match(TASK_ID, send(json("POST", API + "/sessions",
                "{\"canvas_path\":\"aot/plain.json\",\"node_count\":2}"), 201).body());
        send(HttpRequest.newBuilder(uri(API + "/sessions/" + plain)).DELETE(), 204);
        expect(get(API + "/status/" + plain), 410);

        expect(get("/q/openapi"), 200);
        expect(get(API + "/metrics"), 200);
        expect(get("/q/metrics"), 200);
        send(HttpRequest.newBuilder(uri(API + "/cleanup?dry_run=true")).POST(HttpRequest.BodyPublishers.noBody()), 200);
    }

    /** Opens the live stream and reads up to its first event. */
    private void firstEvent(String path) throws Exception {
        HttpResponse<java.io.InputStream> stream = client.send(HttpRequest.newBuilder(uri(path))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        if (stream.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " (SSE): " + stream.statusCode());
        }
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null && !line.startsWith("data:")) {
                // up to the first event's data
            }
            if (line == null) {
                throw new IllegalStateException("GET " + path + " (SSE): ended before its first event");
            }
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder json(String method, String path, String body) {
        return HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
    }

    private HttpResponse<String> send(HttpRequest.Builder request, int status) throws Exception {
        return expect(client.send(request.build(), HttpResponse.BodyHandlers.ofString()), status);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": "
                    + response.statusCode() + ", expected " + status + ": " + response.body());
        }
        return response;
    }

    private static String match(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + text);
        }
        return m.group(1);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }
}
