package dev.batchtracker.testing;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/** Puts {@link StatusDocumentFilter} in front of every rest-assured call of every {@code @QuarkusTest}. */
public class StatusDocumentCheck implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(StatusDocumentFilter.class::isInstance)) {
            RestAssured.filters(new StatusDocumentFilter());
        }
    }
}
