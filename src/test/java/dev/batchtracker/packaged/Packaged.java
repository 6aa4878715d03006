package dev.batchtracker.packaged;

import io.restassured.RestAssured;

import java.net.URI;

/** Where the packaged service that {@code @QuarkusIntegrationTest} started listens. */
final class Packaged {

    static final String READINESS_CHECK = "checks.find { it.name == 'batch-sessions' }";

    private Packaged() {
    }

    static URI uri(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }
}
