package dev.batchtracker.session.api;

import dev.batchtracker.session.NodeStatus;
import dev.batchtracker.session.SessionStatus;
import dev.batchtracker.session.Wire;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The status lists of the dashboard, as the JavaScript module {@code dashboard/statuses.js} written from
 * {@link SessionStatus} and {@link NodeStatus}: the page has no build step, and a list typed out again in its
 * scripts would drift from the enums unnoticed.
 */
@Path(DashboardStatusesResource.PATH)
public class DashboardStatusesResource {

    public static final String PATH = "/dashboard/statuses.js";
    static final String JAVASCRIPT = "text/javascript;charset=UTF-8";

    private final byte[] module = module().getBytes(StandardCharsets.UTF_8);

    @GET
    @NonBlocking // bytes written once, at construction
    @Produces(JAVASCRIPT)
    public byte[] statuses() {
        return module;
    }

    static String module() {
        return "// Written by the service from its SessionStatus and NodeStatus enums (DashboardStatusesResource).\n"
                + "export const SESSION_STATUSES = " + list(SessionStatus.values(), status -> true) + ";\n"
                + "export const TERMINAL_STATUSES = " + list(SessionStatus.values(), SessionStatus::isTerminal) + ";\n"
                + "export const NODE_STATUSES = " + list(NodeStatus.values(), status -> true) + ";\n";
    }

    private static <E extends Enum<E>> String list(E[] values, Predicate<E> included) {
        // Wire names are lowercase letters and underscores: nothing to escape.
        return Arrays.stream(values).filter(included).map(value -> '"' + Wire.name(value) + '"')
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
