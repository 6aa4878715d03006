package dev.batchtracker.bench.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The HTTP baseline: the cheapest JSON endpoint this process and build can serve, dispatched the way the status
 * endpoint is (a worker thread, Jackson). Every HTTP figure is reported as a ratio to it. Benchmark build only.
 */
@Path("/bench/baseline")
public class BaselineResource {

    /** A tiny document, so the baseline measures the framework and not serialisation. */
    public record Pong(String status, long version) {
    }

    private static final Pong PONG = new Pong("ok", 1L);

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Pong baseline() {
        return PONG;
    }
}
