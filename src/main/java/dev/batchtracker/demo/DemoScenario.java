package dev.batchtracker.demo;

import dev.batchtracker.session.SessionStatus;

import java.util.Locale;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How one simulated executor behaves. The first demo wave runs each scripted scenario once, so every terminal
 * status (and a stale session) shows up on first start; after that the demo keeps running {@link #ORGANIC} ones.
 */
public enum DemoScenario {
    /** Runs to the end with nodes failing at the configured rate: ends completed or partial_failure. */
    ORGANIC(0.0, null),
    /** No node fails: ends completed. */
    CLEAN(0.0, null),
    /** The first node succeeds and the second fails for sure, the rest at the configured rate: partial_failure. */
    FLAKY(0.0, null),
    /** The executor gives up part-way through and marks the session failed. */
    ABORTED(0.4, SessionStatus.FAILED),
    /** An operator cancels the session part-way through. */
    CANCELLED(0.3, SessionStatus.CANCELLED),
    /** The executor stops reporting part-way through, nodes still running: the session goes stale. */
    STALLED(0.5, null);

    private final double interruptAtFraction;
    private final SessionStatus interruptTo;

    DemoScenario(double interruptAtFraction, SessionStatus interruptTo) {
        this.interruptAtFraction = interruptAtFraction;
        this.interruptTo = interruptTo;
    }

    /** The wire-style name the demo writes into each session's metadata ("scenario"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the node started {@code index}-th (from 0) fails. */
    boolean nodeFails(int index, double failureRate, RandomGenerator random) {
        return switch (this) {
            case CLEAN -> false;
            case FLAKY -> index == 1 || (index > 1 && random.nextDouble() < failureRate);
            case ORGANIC, ABORTED, CANCELLED, STALLED -> random.nextDouble() < failureRate;
        };
    }

    /**
     * Whether the executor stops reporting after {@code finished} of {@code total} nodes have finished. Always
     * before the last node, so the session cannot finish by itself first.
     */
    boolean interruptsAfter(int finished, int total) {
        if (interruptAtFraction == 0.0) {
            return false;
        }
        int at = Math.max(1, Math.min(total - 1, (int) Math.floor(total * interruptAtFraction)));
        return finished >= at;
    }

    /** Where the executor moves the session when it interrupts; empty when it simply goes silent. */
    Optional<SessionStatus> interruptTo() {
        return Optional.ofNullable(interruptTo);
    }
}
