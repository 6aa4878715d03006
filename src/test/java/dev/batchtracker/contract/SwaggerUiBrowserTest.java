package dev.batchtracker.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.batchtracker.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.net.URL;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI, in a real browser, shows every operation of the contract and resolves the status schema (which the
 * contract file takes from a file of its own) without a resolver error.
 */
@QuarkusTest
class SwaggerUiBrowserTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    @RegisterExtension
    final Browser browser = new Browser();

    @TestHTTPResource("/q/swagger-ui")
    URL page;

    @Test
    void showsEveryOperationAndResolvesTheStatusSchema() throws IOException {
        Set<String> documented = operationIds();
        WebDriver driver = browser.driver();
        driver.get(page.toString());

        browser.waitingFor("every operation of the contract listed").until(d ->
                d.findElements(By.cssSelector(".opblock")).size() == documented.size());
        Set<String> shown = new TreeSet<>();
        for (WebElement operation : driver.findElements(By.cssSelector(".opblock"))) {
            String id = operation.getAttribute("id"); // operations-<tag>-<operationId>
            shown.add(id.substring(id.indexOf('-', "operations-".length()) + 1));
        }
        assertThat(shown).isEqualTo(documented);

        driver.findElement(By.cssSelector("#operations-status-getStatus .opblock-summary")).click();
        browser.waitingFor("getStatus's 200 answer with the status document's fields").until(d ->
                d.findElement(By.id("operations-status-getStatus")).getText().contains("throughput_nodes_per_second"));
        assertThat(driver.findElement(By.tagName("body")).getText()).doesNotContain("Resolver error");
    }

    private static Set<String> operationIds() throws IOException {
        JsonNode contract = new ObjectMapper().readTree(given().get("/q/openapi?format=json").asByteArray());
        Set<String> ids = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : contract.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (METHODS.contains(operation.getKey())) {
                    ids.add(operation.getValue().path("operationId").asText());
                }
            }
        }
        return ids;
    }
}
