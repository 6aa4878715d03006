package dev.batchtracker.session.api;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the API contract, {@code specs/api/parallel-api.openapi.yml}, exactly as written: the hand-written file
 * documents problem types, limits and the event stream, which a document generated from the resources would not,
 * and the tests hold the service to it. Generating one at start-up was also one of its costliest steps.
 */
@Path(ContractResource.PATH)
public class ContractResource {

    public static final String PATH = "/q/openapi";
    static final String FILE = "contract/parallel-api.openapi.yml";
    static final String YAML = "application/yaml;charset=UTF-8";

    private final byte[] contract = read();

    @GET
    @NonBlocking // bytes read once, at construction
    @Produces(YAML)
    public byte[] contract() {
        return contract;
    }

    private static byte[] read() {
        try (InputStream in = ContractResource.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is not on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
