package dev.batchtracker.bench.harness;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service process of the benchmark build, on a free port, with its log in the build directory. */
final class Server implements AutoCloseable {

    private final String name;
    private final Process process;
    private final long launchedNanos;
    private final int port;
    private final Path log;

    private Server(String name, Process process, long launchedNanos, int port, Path log) {
        this.name = name;
        this.process = process;
        this.launchedNanos = launchedNanos;
        this.port = port;
        this.log = log;
    }

    /**
     * Launches {@code java [jvmArgs] -D<props> -jar quarkus-run.jar}. The cleanup job is pushed out of the way
     * (an hour) unless a step sets it: runs must not depend on when it happens to fire.
     */
    static Server start(Options options, String name, List<String> jvmArgs, Map<String, String> props)
            throws IOException {
        return start(options, name, javaBinary(), options.buildDir().resolve("quarkus-app"), jvmArgs, props);
    }

    /** The same, with another JVM and another build of the service (the start-up step's AOT launch). */
    static Server start(Options options, String name, String java, Path app, List<String> jvmArgs,
                        Map<String, String> props) throws IOException {
        int port = freePort();
        Path logs = options.buildDir().resolve("logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        if (options.jfr()) {
            Path jfr = options.buildDir().resolve("jfr");
            Files.createDirectories(jfr);
            command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + jfr.resolve(name + ".jfr").toAbsolutePath());
        }
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        if (!props.containsKey("batch.cleanup.interval")) {
            command.add("-Dbatch.cleanup.interval=1H");
        }
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(app.resolve("quarkus-run.jar").toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        long launched = System.nanoTime();
        Process process = builder.start();
        return new Server(name, process, launched, port, log);
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /**
     * Polls {@code /q/health/ready} every few milliseconds until the first 200.
     *
     * @return nanoseconds from launch to that answer
     */
    long awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = launchedNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<Void> response = client.send(ready, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return System.nanoTime() - launchedNanos;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(2); // polling interval: the resolution of the start-up figure
        }
        throw new IllegalStateException(name + " not ready within " + timeout + ":\n" + logTail());
    }

    /** Resident set size now, from /proc (Linux). */
    long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS for " + process.pid());
    }

    /** CPU time (user + system) the process has used so far, from /proc (Linux); NaN when unreadable. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            // Fields after the command name, which is in parentheses and may contain spaces.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            return ticks / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** USER_HZ: 100 on every Linux this runs on (the kernel's exported tick rate, not its internal one). */
    private static final int CLOCK_TICKS = 100;

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
