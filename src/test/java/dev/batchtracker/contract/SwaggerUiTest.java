package dev.batchtracker.contract;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** /q/swagger-ui is Swagger UI on /q/openapi, with every file it loads served by the service itself. */
@QuarkusTest
class SwaggerUiTest {

    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");

    @ParameterizedTest
    @ValueSource(strings = {"/q/swagger-ui", "/q/swagger-ui/"})
    void thePageLoadsSwaggerUiFromTheServiceOnTheServedContract(String path) {
        Response page = given().get(path);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = page.asString();
        assertThat(html).contains("SwaggerUIBundle(").contains("url: '/q/openapi?format=json'")
                .contains("validatorUrl: null");
        assertThat(html).as("nothing fetched from another host").doesNotContain("http://", "https://", "//cdn");

        List<String> assets = new ArrayList<>();
        Matcher matcher = ASSET.matcher(html);
        while (matcher.find()) {
            assets.add(matcher.group(1));
        }
        assertThat(assets).anyMatch(asset -> asset.endsWith("/swagger-ui-bundle.js"))
                .anyMatch(asset -> asset.endsWith("/swagger-ui.css"));
        for (String asset : assets) {
            Response file = given().get(asset);
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
            assertThat(file.asByteArray()).as(asset).isNotEmpty();
        }
    }
}
