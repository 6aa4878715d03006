package dev.batchtracker.session.api;

import dev.batchtracker.session.InvalidRequestException;
import dev.batchtracker.session.cleanup.CleanupReport;
import dev.batchtracker.session.cleanup.CleanupService;
import dev.batchtracker.session.metrics.MetricsSnapshot;
import dev.batchtracker.session.metrics.ServiceMetrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * GET /api/v1/parallel/metrics and POST /api/v1/parallel/cleanup. Plain return types: Quarkus REST runs them on a
 * worker thread, as they walk the store.
 */
@Path("/api/v1/parallel")
@Produces(MediaType.APPLICATION_JSON)
public class OperationsResource {

    private final ServiceMetrics metrics;
    private final CleanupService cleanup;

    public OperationsResource(ServiceMetrics metrics, CleanupService cleanup) {
        this.metrics = metrics;
        this.cleanup = cleanup;
    }

    @GET
    @Path("/metrics")
    public MetricsSnapshot metrics() {
        return metrics.snapshot();
    }

    /** Runs a cleanup now; {@code dry_run=true} reports what it would remove and changes nothing. */
    @POST
    @Path("/cleanup")
    public CleanupReport cleanup(@QueryParam("dry_run") String dryRun) {
        return cleanup.run(parseDryRun(dryRun));
    }

    private static boolean parseDryRun(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidRequestException("dry_run", "dry_run must be true or false");
        };
    }
}
