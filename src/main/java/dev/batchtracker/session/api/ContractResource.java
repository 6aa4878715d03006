package dev.batchtracker.session.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Serves the API contract, {@code specs/api/parallel-api.openapi.yml}, with the status schema it takes from a file of
 * its own put in place ({@link ContractBundle}, at build time), the way Quarkus serves {@code /q/openapi}: YAML by
 * default, JSON for {@code ?format=json} or an Accept header that prefers {@code application/json}. The hand-written
 * file documents problem types, limits and the event stream, which a document generated from the resources would
 * not, and the tests hold the service to it. Generating one at start-up was also one of its costliest steps.
 */
@Path(ContractResource.PATH)
public class ContractResource {

    public static final String PATH = "/q/openapi";
    static final String FOLDER = "contract/";
    static final String YAML = "application/yaml;charset=UTF-8";
    static final String JSON = "application/json;charset=UTF-8";

    /** What this class reads from the class path at run time (the native image must include them). */
    static final List<String> FILES = List.of(FOLDER + ContractBundle.YAML_FILE, FOLDER + ContractBundle.JSON_FILE);

    private final byte[] yaml = read(FILES.get(0));
    private final byte[] json = read(FILES.get(1));

    @GET
    @NonBlocking // bytes read once, at construction
    public Response contract(@QueryParam("format") String format, @Context HttpHeaders headers) {
        boolean asJson = format != null && !format.isBlank()
                ? "json".equals(format.trim().toLowerCase(Locale.ROOT))
                : prefersJson(headers);
        return Response.ok(asJson ? json : yaml, asJson ? JSON : YAML)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT)
                .build();
    }

    /**
     * Whether the most preferred type of the Accept header that names YAML or JSON (or anything) names JSON. No
     * Accept, a wildcard, or only types neither is: YAML.
     */
    private static boolean prefersJson(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) { // most preferred first
            String subtype = type.getSubtype().toLowerCase(Locale.ROOT);
            if (type.isWildcardType() || type.isWildcardSubtype() || subtype.contains("yaml")) {
                return false;
            }
            if (subtype.equals("json") || subtype.endsWith("+json")) {
                return true;
            }
        }
        return false;
    }

    private static byte[] read(String file) {
        try (InputStream in = ContractResource.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is not on the class path (the build writes it)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
