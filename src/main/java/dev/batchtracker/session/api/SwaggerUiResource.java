package dev.batchtracker.session.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Swagger UI on the contract of {@code /q/openapi}. The page is ours (the build writes the swagger-ui WebJar's
 * version into it); Swagger UI's own files come from that WebJar in the jar, under {@code /webjars/swagger-ui/},
 * so nothing is fetched from outside.
 */
@Path(SwaggerUiResource.PATH)
public class SwaggerUiResource {

    public static final String PATH = "/q/swagger-ui";
    static final String PAGE = ContractResource.FOLDER + "swagger-ui/index.html";

    private final byte[] page = read();

    @GET
    @NonBlocking // bytes read once, at construction
    @Produces("text/html;charset=UTF-8")
    public byte[] page() {
        return page;
    }

    private static byte[] read() {
        try (InputStream in = SwaggerUiResource.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is not on the class path (the build writes it)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
