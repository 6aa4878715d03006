package dev.batchtracker.demo;

import dev.batchtracker.session.BatchSessionManager;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Simulated executors for a first start ({@code batch.demo.enabled=true}): one scheduler thread drives every
 * simulated session through {@link BatchSessionManager}, exactly as a real executor's HTTP calls would.
 * The first wave runs each scripted {@link DemoScenario} once; then an organic session starts every
 * {@code session-interval} while fewer than {@code max-active} are running.
 */
@ApplicationScoped
public class DemoExecutor {

    private static final Logger LOG = Logger.getLogger(DemoExecutor.class);

    static final List<DemoScenario> FIRST_WAVE = List.of(DemoScenario.CLEAN, DemoScenario.FLAKY,
            DemoScenario.CANCELLED, DemoScenario.ABORTED, DemoScenario.STALLED);

    private final BatchSessionManager manager;
    private final DemoConfig config;
    private final AtomicInteger serial = new AtomicInteger();
    /** Runs not yet finished or interrupted; touched only on the scheduler thread. */
    private int active;
    private SplittableRandom random;
    private volatile ScheduledThreadPoolExecutor scheduler;

    public DemoExecutor(BatchSessionManager manager, DemoConfig config) {
        this.manager = manager;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.enabled()) {
            start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public boolean isRunning() {
        ScheduledThreadPoolExecutor current = scheduler;
        return current != null && !current.isShutdown();
    }

    void start() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "batch-demo");
            thread.setDaemon(true);
            return thread;
        });
        // On shutdown, pending node timers are dropped instead of run.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        random = new SplittableRandom();
        scheduler = executor;
        LOG.infof("Demo executor ON (batch.demo.enabled=true): simulated sessions every %s, nodes of %s to %s, "
                        + "%.0f %% failures. Never enable it on a service that tracks real work.",
                config.sessionInterval(), config.nodeDurationMin(), config.nodeDurationMax(),
                config.failureRate() * 100);
        executor.execute(() -> FIRST_WAVE.forEach(this::launch));
        long interval = Math.max(1, config.sessionInterval().toMillis());
        executor.scheduleWithFixedDelay(this::launchOrganic, interval, interval, TimeUnit.MILLISECONDS);
    }

    void stop() {
        ScheduledThreadPoolExecutor current = scheduler;
        if (current == null) {
            return;
        }
        current.shutdown();
        try {
            if (!current.awaitTermination(5, TimeUnit.SECONDS)) {
                current.shutdownNow();
            }
        } catch (InterruptedException e) {
            current.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void launchOrganic() {
        if (active < config.maxActive()) {
            launch(DemoScenario.ORGANIC);
        }
    }

    private void launch(DemoScenario scenario) {
        try {
            int number = serial.incrementAndGet();
            active++;
            new DemoRun(scenario, DemoPlan.random(scenario, number, random), manager, config, scheduler,
                    random.split(), () -> active--).start();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: keep the demo going whatever one launch does.
            LOG.warnf(e, "demo executor could not start a %s session", scenario.label());
        }
    }
}
