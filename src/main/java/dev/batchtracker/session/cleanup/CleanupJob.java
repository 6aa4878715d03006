package dev.batchtracker.session.cleanup;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Runs the cleanup every {@code batch.cleanup.interval}; the first run comes one interval after start-up.
 * A run still going when the next is due makes that one skip, so runs never overlap on one instance.
 */
@ApplicationScoped
public class CleanupJob {

    private static final Logger LOG = Logger.getLogger(CleanupJob.class);

    private final CleanupService cleanup;

    public CleanupJob(CleanupService cleanup) {
        this.cleanup = cleanup;
    }

    @Scheduled(identity = "batch-cleanup",
            every = "${batch.cleanup.interval}",
            delayed = "${batch.cleanup.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void trigger() {
        try {
            cleanup.run(false);
        } catch (RuntimeException e) {
            // The run is recorded as failed (readiness turns degraded if this persists); the next one tries again.
            LOG.warnf("Cleanup run failed: %s", e.getMessage());
        }
    }
}
