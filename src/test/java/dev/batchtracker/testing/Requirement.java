package dev.batchtracker.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * What a suite does when something outside the project that it needs (a server, a browser) is missing: it is
 * skipped with the reason, except in CI ({@code CI=true}), where a missing piece must fail the run rather than
 * quietly skip its suites.
 */
public final class Requirement {

    private Requirement() {
    }

    /** Fails with {@code ciFailure} under CI=true, otherwise skips the calling test with {@code skip}. */
    public static void missing(String skip, String ciFailure) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(ciFailure);
        }
        Assumptions.abort(skip);
    }
}
