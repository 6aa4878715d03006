package dev.batchtracker.session.api;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/**
 * A resource that fails the way a bug would, present only in {@link FailingResourceProfile}'s build, so the
 * catch-all problem mapping can be tested over HTTP without adding an endpoint to the real service.
 */
@Path("/api/v1/test-only/failure")
@IfBuildProperty(name = "test.failing-resource", stringValue = "true")
public class FailingResource {

    @GET
    @Path("state")
    public String illegalState() {
        throw new IllegalStateException("internal detail dev.batchtracker.Secret at line 42");
    }

    @GET
    @Path("npe")
    public String nullPointer() {
        Object nothing = null;
        return nothing.toString();
    }
}
