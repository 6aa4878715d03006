package dev.batchtracker.dashboard;

import dev.batchtracker.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** With batch.write-token set, the list asks for the token, keeps it in sessionStorage only, and then lists. */
@QuarkusTest
@TestProfile(DashboardTokenBrowserTest.WithWriteToken.class)
class DashboardTokenBrowserTest {

    static final String TOKEN = "dashboard-test-token";

    public static class WithWriteToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("batch.write-token", TOKEN);
        }
    }

    @RegisterExtension
    final Browser browser = new Browser();

    @TestHTTPResource("/")
    URL root;

    @Test
    void theListAsksForTheWriteTokenAndKeepsItInSessionStorageOnly() {
        String id = given().contentType(ContentType.JSON).header("Authorization", "Bearer " + TOKEN)
                .body(Map.of("canvas_path", "canvases/protected.canvas",
                        "groups", List.of(Map.of("group_id", "g", "node_ids", List.of("a")))))
                .when().post("/api/v1/parallel/sessions")
                .then().statusCode(201)
                .extract().path("task_id");

        WebDriver page = browser.driver();
        page.get(root + "#/");
        WebElement form = page.findElement(By.cssSelector("form.auth"));
        browser.waiting().until(ExpectedConditions.visibilityOf(form));
        assertThat(form.getText()).contains("requires its write token");

        WebElement input = form.findElement(By.cssSelector("input[type='password']"));
        input.sendKeys("wrong-token");
        form.findElement(By.cssSelector("button[type='submit']")).click();
        browser.waiting().until(ExpectedConditions.textToBePresentInElement(
                form.findElement(By.cssSelector(".auth-message")), "rejected"));

        input.sendKeys(TOKEN);
        form.findElement(By.cssSelector("button[type='submit']")).click();
        browser.waitingFor("the protected list to show session " + id)
                .until(d -> !d.findElements(By.cssSelector(".session-row[data-task-id='" + id + "']")).isEmpty());
        assertThat(form.isDisplayed()).isFalse();

        JavascriptExecutor js = (JavascriptExecutor) page;
        assertThat(js.executeScript("return sessionStorage.getItem('batch-tracker.write-token');")).isEqualTo(TOKEN);
        assertThat(js.executeScript("return localStorage.length;")).isEqualTo(0L);
        assertThat(page.getCurrentUrl()).doesNotContain(TOKEN);
    }
}
