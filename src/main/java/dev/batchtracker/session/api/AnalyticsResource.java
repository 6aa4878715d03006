package dev.batchtracker.session.api;

import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.api.document.AnalyticsDocument;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

/**
 * GET /api/v1/parallel/analytics: how the sessions that finished in a window did, under the session list's
 * filters. A plain return type: Quarkus REST runs it on a worker thread, as the store aggregates.
 */
@Path(AnalyticsResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {

    public static final String PATH = "/api/v1/parallel/analytics";
    static final String SINCE = "since";
    static final String UNTIL = "until";

    private final BatchSessionManager manager;

    public AnalyticsResource(BatchSessionManager manager) {
        this.manager = manager;
    }

    @GET
    public AnalyticsDocument analytics(@Context UriInfo uri) {
        MultivaluedMap<String, String> query = uri.getQueryParameters();
        return AnalyticsDocument.of(manager.analytics(SessionFilterParams.parse(query),
                SessionFilterParams.instant(query, SINCE), SessionFilterParams.instant(query, UNTIL)));
    }
}
