package dev.batchtracker.session.store;

import dev.batchtracker.session.CreateSession;
import dev.batchtracker.session.BatchSessionManager;
import dev.batchtracker.session.events.SessionEventHub;
import io.quarkus.agroal.runtime.AgroalDataSourceUtil;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

/**
 * The default (memory) store with a PostgreSQL URL configured that points at a closed port (see the %test
 * profile): the service starts, works and is ready, and the datasource is never activated.
 */
@QuarkusTest
class UnselectedStoresStayUntouchedTest {

    @Inject
    BatchSessionManager manager;

    @Inject
    SessionEventHub hub;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String datasourceUrl;

    @Test
    void theMemoryStoreWorksWhileThePostgresUrlPointsNowhere() {
        assertThat(datasourceUrl).contains("127.0.0.1:1/");
        assertThat(AgroalDataSourceUtil.activeDataSourceNames()).isEmpty();
        assertThat(AgroalDataSourceUtil.dataSourceIfActive("<default>")).isEmpty();

        var created = manager.create(new CreateSession("canvas/memory.json", 2, null, null, null, "fp"));
        assertThat(manager.get(created.session().id())).isEqualTo(created.session());
        assertThat(hub.subscriberCount()).isNotNegative();
    }

    @Test
    void readinessIsUpAndTheInactiveDatasourceIsNotProbed() {
        // The datasource's own check is off (batch-sessions covers the chosen store): nothing lists the datasource.
        RestAssured.given().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", not(hasItem("Database connections health check")))
                .body(not(containsString("<default>")));
    }
}
