package dev.batchtracker.bench.server;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/**
 * The HTTP baselines: the cheapest JSON endpoints this process and build can serve. Every HTTP figure is reported
 * as a ratio to {@code GET /bench/baseline}, written the way a Quarkus REST method is by default (a plain return
 * type, so it runs on a worker thread). The event-loop and write variants are shown beside it so a reader can
 * tell the framework's dispatch and body handling apart from the service's own work. Benchmark build only.
 */
@Path("/bench/baseline")
@Produces(MediaType.APPLICATION_JSON)
public class BaselineResource {

    /** A tiny document, so the baseline measures the framework and not serialisation. */
    public record Pong(String status, long version) {
    }

    /** A body of the node report's shape, parsed and dropped. */
    public record Report(String status, Map<String, Object> result) {
    }

    private static final Pong PONG = new Pong("ok", 1L);

    @GET
    public Pong baseline() {
        return PONG;
    }

    /** The same on the event loop: what the framework costs without the hop to a worker thread. */
    @GET
    @Path("/event-loop")
    @NonBlocking
    public Pong eventLoop() {
        return PONG;
    }

    /** The write baseline: a node-report-shaped JSON body in, the tiny document out (worker thread). */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Pong write(Report report) {
        return report.status() == null ? null : PONG;
    }
}
