package dev.batchtracker.dashboard;

import dev.batchtracker.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.util.List;
import java.util.Map;

import static dev.batchtracker.dashboard.DashboardBrowserTest.createSession;
import static dev.batchtracker.dashboard.DashboardBrowserTest.reportNode;
import static dev.batchtracker.dashboard.DashboardBrowserTest.transition;
import static org.assertj.core.api.Assertions.assertThat;

/** At phone width nothing runs off the side of the screen, even with long paths and long errors. */
@QuarkusTest
class DashboardPhoneBrowserTest {

    @RegisterExtension
    final Browser browser = new Browser(390, 844);

    @TestHTTPResource("/")
    URL root;

    @Test
    void neitherViewScrollsSidewaysAtPhoneWidth() {
        String id = createSession("canvases/a-rather-long-folder-name/with-a-longer-sub-folder/and-a-canvas-name"
                + "-that-goes-on-and-on.canvas", List.of("first-node-with-a-long-identifier", "second"));
        transition(id, "running");
        reportNode(id, "first-node-with-a-long-identifier", Map.of("status", "failed",
                "error", "Traceback: SomeVeryLongExceptionNameWithoutSpaces_" + "x".repeat(200)));

        WebDriver page = browser.driver();
        page.get(root + "#/sessions/" + id);
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".node-error")));
        assertThat(page.findElement(By.cssSelector("[role='progressbar']")).isDisplayed()).isTrue();
        assertNoSidewaysScroll(page);

        page.get(root + "#/");
        browser.waitingFor("the session in the list")
                .until(d -> !d.findElements(By.cssSelector(".session-row[data-task-id='" + id + "']")).isEmpty());
        assertNoSidewaysScroll(page);
    }

    private static void assertNoSidewaysScroll(WebDriver page) {
        Object overflow = ((JavascriptExecutor) page).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).longValue()).as("pixels the page is wider than the screen").isLessThanOrEqualTo(0);
    }
}
