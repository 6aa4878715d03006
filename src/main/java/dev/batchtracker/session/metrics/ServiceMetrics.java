package dev.batchtracker.session.metrics;

import jakarta.enterprise.context.ApplicationScoped;

/** Builds the document of GET /api/v1/parallel/metrics. STUB: the metrics work fills it in. */
@ApplicationScoped
public class ServiceMetrics {

    /** A JSON-serialisable record (snake_case via the global naming strategy). */
    public Object snapshot() {
        throw new UnsupportedOperationException("metrics not built yet");
    }
}
