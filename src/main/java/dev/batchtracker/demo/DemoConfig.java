package dev.batchtracker.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Everything under {@code batch.demo.*}: simulated executors that give a first start something to watch.
 * Off by default; the pacing is configurable so a test can run the same scenarios in a fraction of a second.
 */
@ConfigMapping(prefix = "batch.demo")
public interface DemoConfig {

    /** Runs the simulated executors. Never enable it on a service that tracks real work. */
    @WithDefault("false")
    boolean enabled();

    /** How often the demo considers starting another session (it keeps at most {@link #maxActive()} running). */
    @WithDefault("4s")
    Duration sessionInterval();

    /** The shortest a simulated node runs. */
    @WithDefault("400ms")
    Duration nodeDurationMin();

    /** The longest a simulated node runs; durations are spread log-uniformly between min and max. */
    @WithDefault("7s")
    Duration nodeDurationMax();

    /** The chance that one simulated node fails. */
    @WithDefault("0.05")
    double failureRate();

    /** Nodes one simulated executor runs at the same time. */
    @WithDefault("3")
    int parallelism();

    /** Demo sessions running at once, not counting the one left to go stale. */
    @WithDefault("5")
    int maxActive();
}
