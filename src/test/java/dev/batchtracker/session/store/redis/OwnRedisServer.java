package dev.batchtracker.session.store.redis;

import dev.batchtracker.testing.Requirement;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * A redis-server of a test's own, on a free port, started as a child process so a test can kill it (by its pid,
 * never by name) and start it again on the same port. Persistence is off unless asked for: with an append-only
 * file fsynced on every write, a killed server comes back with every write it acknowledged.
 */
public final class OwnRedisServer implements AutoCloseable {

    private final int port;
    private final Path dir;
    private final boolean durable;
    private Process process;

    private OwnRedisServer(int port, Path dir, boolean durable) {
        this.port = port;
        this.dir = dir;
        this.durable = durable;
    }

    /** Starts one; skips the test when redis-server is not installed (fails instead when CI=true). */
    public static OwnRedisServer start(boolean durable) throws IOException {
        if (!installed()) {
            String why = "redis-server is not installed, so the tests that stop and restart Redis cannot run";
            Requirement.missing(why, why + "; CI=true requires them");
        }
        OwnRedisServer server = new OwnRedisServer(freePort(), Files.createTempDirectory("own-redis"), durable);
        server.startProcess();
        return server;
    }

    private static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    private void startProcess() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--daemonize", "no", "--dir", dir.toString()));
        if (durable) {
            command.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        } else {
            command.addAll(List.of("--appendonly", "no"));
        }
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis.log").toFile())
                .start();
        await().atMost(Duration.ofSeconds(20)).until(this::accepting);
    }

    private boolean accepting() {
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " exited; see " + dir.resolve("redis.log"));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** SIGKILL: no shutdown save, no goodbye to clients — the harshest outage. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** Starts the server again on the same port (and the same data directory). */
    public void restart() throws IOException {
        startProcess();
    }

    @Override
    public void close() throws Exception {
        if (process != null && process.isAlive()) {
            kill();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
