package dev.batchtracker.session.api.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Refuses a request whose declared Content-Length exceeds {@code quarkus.http.limits.max-body-size} with a 413
 * problem, before any byte of the body is read. Quarkus enforces the same limit with an empty 413; this route
 * runs just before it (order {@value #ORDER}) so the client gets a problem document instead. Bodies sent without
 * a length (chunked) are cut off by Quarkus itself while they are read.
 */
@ApplicationScoped
public class BodyLimit {

    /** Quarkus registers its own limit route at order -2. */
    static final int ORDER = -3;

    private final Optional<MemorySize> maxBodySize;
    private final ObjectMapper mapper;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize,
                     ObjectMapper mapper) {
        this.maxBodySize = maxBodySize;
        this.mapper = mapper;
    }

    void register(@Observes Router router) {
        maxBodySize.ifPresent(limit -> router.route().order(ORDER).handler(ctx -> check(ctx, limit.asLongValue())));
    }

    private void check(RoutingContext ctx, long limit) {
        String declared = ctx.request().getHeader("Content-Length");
        if (declared != null && exceeds(declared, limit)) {
            String body = Problems.payloadTooLarge(limit).json(mapper);
            ctx.response()
                    .setStatusCode(413)
                    .putHeader("Content-Type", Problem.MEDIA_TYPE)
                    // The unread body would otherwise have to be drained; closing is what Quarkus does too.
                    .putHeader("Connection", "close")
                    .end(body);
            return;
        }
        ctx.next();
    }

    private static boolean exceeds(String declared, long limit) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // a malformed length is the HTTP codec's to reject
        }
    }
}
