package dev.batchtracker.testing;

import java.util.function.Supplier;

/**
 * A server outside the project that suites run against (PostgreSQL, Redis), probed once per test run. Without it
 * a suite is skipped with the reason, except under CI=true, where it fails ({@link Requirement}).
 */
public final class ExternalServer {

    private final String name;
    private final String url;
    private final String urlVariable;
    private final Supplier<String> probe;

    // Guarded by this: null when reachable, else why not.
    private String problem;
    private boolean probed;

    /**
     * @param urlVariable the environment variable that points the suites at another server
     * @param probe       null when the server answers, else why it does not
     */
    public ExternalServer(String name, String url, String urlVariable, Supplier<String> probe) {
        this.name = name;
        this.url = url;
        this.urlVariable = urlVariable;
        this.probe = probe;
    }

    /** Whether the server answers; the first miss prints one loud warning naming the skipped suites. */
    public synchronized boolean reachable() {
        if (!probed) {
            problem = probe.get();
            probed = true;
            if (problem != null) {
                System.err.println("[WARNING] " + name + " store suites are SKIPPED: no server at " + url + " ("
                        + problem + "). Start one, or set " + urlVariable + "; with CI=true they fail instead.");
            }
        }
        return problem == null;
    }

    /**
     * Skips the calling test (fails it under CI=true) when the server is not there. Call it per test (a
     * BeforeEach), so every skipped test shows in the report with this reason.
     */
    public synchronized void assume() {
        if (reachable()) {
            return;
        }
        String why = "no server at " + url + " (" + problem + ")";
        Requirement.missing(name + " suite skipped: " + why, "CI=true requires " + name + ", and there is " + why);
    }
}
