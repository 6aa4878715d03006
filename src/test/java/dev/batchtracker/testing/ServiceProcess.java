package dev.batchtracker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The packaged service (the jar, or the native executable under {@code -Dnative}) running as a process of its own
 * on a free port, for tests that need several instances or a real restart. Its output goes to
 * {@code target/it-logs/<name>-<port>.log}. It is stopped by its own handle (its pid), never by name.
 */
public final class ServiceProcess implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_BOUND = Duration.ofSeconds(90);

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts the jar with these environment variables (plus its port) and waits until it answers liveness.
     * Readiness is the caller's to wait for: a shared store may be down on purpose.
     */
    public static ServiceProcess start(String name, Map<String, String> env) throws IOException {
        int port = freePort();
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        Path log = logs.resolve(name + "-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = new LinkedHashMap<>(env);
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        ServiceProcess service = new ServiceProcess(name, port, builder.start(), log);
        service.awaitLive();
        return service;
    }

    /**
     * Starts one instance per name on the same environment (so, on a shared store, one set of sessions) and waits
     * until every one is ready. Should one fail to start, those already started are stopped before the failure
     * goes on.
     */
    public static List<ServiceProcess> startReady(Map<String, String> env, String... names) throws IOException {
        List<ServiceProcess> started = new ArrayList<>();
        try {
            for (String name : names) {
                started.add(start(name, env));
            }
            for (ServiceProcess instance : started) {
                instance.awaitReady();
            }
            return List.copyOf(started);
        } catch (IOException | RuntimeException e) {
            started.forEach(ServiceProcess::close);
            throw e;
        }
    }

    /** Stops each instance given; one that was never started (null) is passed over. */
    public static void closeAll(ServiceProcess... instances) {
        for (ServiceProcess instance : instances) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    /**
     * How to start what the build packaged, as {@code target/quarkus-artifact.properties} records it (the file
     * {@code @QuarkusIntegrationTest} reads too): the jar, or under {@code -Dnative} the native executable, so the
     * same black-box suites check the binary. Without that file, the jar.
     */
    static List<String> command() throws IOException {
        Path artifact = Path.of("target", "quarkus-artifact.properties");
        Path path = JAR;
        String type = "jar";
        if (Files.isRegularFile(artifact)) {
            java.util.Properties properties = new java.util.Properties();
            try (java.io.Reader in = Files.newBufferedReader(artifact)) {
                properties.load(in);
            }
            type = properties.getProperty("type", "jar");
            path = Path.of("target").resolve(properties.getProperty("path", "quarkus-app/quarkus-run.jar"));
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: integration tests run after `package`");
        }
        if ("native".equals(type)) {
            return List.of(path.toAbsolutePath().toString());
        }
        if (!"jar".equals(type)) {
            throw new IllegalStateException("cannot start a " + type + " artifact (" + artifact + ")");
        }
        return List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", path.toString());
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (up to 30 s) for the first 200 from readiness: the store is reachable and the service serves. */
    public void awaitReady() {
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/q/health/ready").statusCode() == 200);
    }

    private void awaitLive() {
        try {
            await().atMost(START_BOUND).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited at start-up:\n" + logTail());
                }
                try {
                    return get("/q/health/live").statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path, String... headers) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
    }

    public HttpResponse<String> post(String path, String json, String... headers) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    public HttpResponse<String> put(String path, String json, String... headers) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), headers);
    }

    public HttpResponse<String> delete(String path, String... headers) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).DELETE(), headers);
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String... headers) throws IOException {
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** The value of one Prometheus sample line ({@code name{labels} value}) of this instance; 0 when absent. */
    public double prometheus(String sample) throws IOException {
        for (String line : get("/q/metrics").body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return 0;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGKILL, as a crash would: no shutdown hook, no flush, no goodbye. Returns once the process is gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL for 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Everything the process has written so far. */
    public String logText() throws IOException {
        return Files.readString(log);
    }

    /**
     * SIGTERM, and waits (up to 30 s) for the process to end by itself; returns its exit code, or throws when it
     * is still running then (it is killed).
     */
    public int terminate() {
        process.destroy();
        try {
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        throw new IllegalStateException(name + " did not stop within 30 s of SIGTERM:\n" + logTail());
    }

    /** SIGTERM and a bounded wait for a clean stop; SIGKILL when it does not come. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
