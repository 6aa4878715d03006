package dev.batchtracker.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The npm packages of {@code src/test/node} (third-party tools and clients, at the versions its
 * {@code package-lock.json} pins), run by Node from a test. {@link #require()} installs them once per test run with
 * {@code npm ci}; the service itself never needs Node or the network.
 * <p>
 * Without Node (or with one older than the packages need) a test is skipped with the reason, except under
 * {@code CI=true}, where it fails ({@link Requirement}). With Node present, a failed install is a failure.
 */
public final class NodeTools {

    public static final Path DIR = Path.of("src", "test", "node");
    /** The oldest Node that every pinned package runs on (Redocly CLI 2.77 needs 20.19 on the 20 line). */
    static final int[] MINIMUM = {20, 19};
    private static final Path LOCK = DIR.resolve("package-lock.json");
    private static final Path INSTALLED = DIR.resolve("node_modules").resolve(".installed-lock-sha256");
    private static final Path LOGS = Path.of("target", "node-logs");
    private static final Duration INSTALL_BOUND = Duration.ofMinutes(5);
    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.\\d+.*");

    // Guarded by the class: null when Node is usable, else why not.
    private static String problem;
    private static boolean probed;
    private static NodeTools installed;

    private NodeTools() {
    }

    /**
     * The installed tools; skips the calling test (fails it under CI=true) when Node is missing or too old. Call it
     * per test or in a BeforeAll, so every skipped test shows in the report with this reason.
     */
    public static synchronized NodeTools require() {
        if (!probed) {
            problem = probe();
            probed = true;
            if (problem != null) {
                System.err.println("[WARNING] Node-based checks (contract tools, SSE client) are SKIPPED: " + problem
                        + ". Install Node " + MINIMUM[0] + "." + MINIMUM[1] + "+ and npm; with CI=true they fail.");
            }
        }
        if (problem != null) {
            Requirement.missing("Node-based check skipped: " + problem, "CI=true requires Node and npm: " + problem);
        }
        if (installed == null) {
            install();
            installed = new NodeTools();
        }
        return installed;
    }

    private static String probe() {
        Result version;
        try {
            version = execute("node-version", Duration.ofSeconds(30), Map.of(), List.of("node", "--version"));
        } catch (IOException e) {
            return "no `node` on the PATH (" + e.getMessage() + ")";
        }
        Matcher matcher = VERSION.matcher(version.stdout().trim());
        if (version.exitCode() != 0 || !matcher.matches()) {
            return "`node --version` answered " + version.exitCode() + ": " + version.stdout().trim();
        }
        int major = Integer.parseInt(matcher.group(1));
        int minor = Integer.parseInt(matcher.group(2));
        if (major < MINIMUM[0] || major == MINIMUM[0] && minor < MINIMUM[1]) {
            return "Node " + version.stdout().trim() + " is older than " + MINIMUM[0] + "." + MINIMUM[1];
        }
        try {
            Result npm = execute("npm-version", Duration.ofSeconds(30), Map.of(), List.of("npm", "--version"));
            return npm.exitCode() == 0 ? null : "`npm --version` failed: " + npm.stderr();
        } catch (IOException e) {
            return "no `npm` on the PATH (" + e.getMessage() + ")";
        }
    }

    /** {@code npm ci}, unless node_modules already holds exactly what the lock file pins (a stamp of its hash). */
    private static void install() {
        try {
            String lock = sha256(Files.readAllBytes(LOCK));
            if (Files.isRegularFile(INSTALLED) && Files.readString(INSTALLED).trim().equals(lock)) {
                return;
            }
            Result result = execute("npm-ci", INSTALL_BOUND, Map.of(),
                    List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
            if (result.exitCode() != 0) {
                throw new IllegalStateException("npm ci in " + DIR + " failed (" + result.exitCode() + "):\n"
                        + result.stdout() + result.stderr());
            }
            Files.writeString(INSTALLED, lock + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("npm ci in " + DIR + " could not run", e);
        }
    }

    /** Runs an installed package's command ({@code node_modules/.bin/<name>}) in {@link #DIR}. */
    public Result bin(String name, Duration bound, String... args) {
        List<String> command = new ArrayList<>();
        command.add(DIR.resolve("node_modules").resolve(".bin").resolve(name).toAbsolutePath().toString());
        command.addAll(List.of(args));
        return run(name, bound, Map.of(), command);
    }

    /** Runs {@code node <script> args...} in {@link #DIR}, with extra environment variables. */
    public Result node(String script, Duration bound, Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        return run(script, bound, env, command);
    }

    private static Result run(String name, Duration bound, Map<String, String> env, List<String> command) {
        try {
            return execute(name, bound, env, command);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
    }

    private static Result execute(String name, Duration bound, Map<String, String> env, List<String> command)
            throws IOException {
        Files.createDirectories(LOGS);
        String base = name.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + System.nanoTime();
        Path out = LOGS.resolve(base + ".out");
        Path err = LOGS.resolve(base + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(DIR.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        // No colours in what the tests read; no telemetry or update checks from a machine that reaches no such host.
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("REDOCLY_TELEMETRY", "off");
        builder.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(command + " did not finish within " + bound + "; output in " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a command printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** Everything it printed, for an assertion message. */
        public String output() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }
}
