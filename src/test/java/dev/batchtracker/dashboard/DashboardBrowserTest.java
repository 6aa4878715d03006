package dev.batchtracker.dashboard;

import dev.batchtracker.config.BatchConfig;
import dev.batchtracker.testing.Browser;
import dev.batchtracker.testing.MutableClock;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.net.URL;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real (headless) browser: the session view follows the SSE stream without a reload, shows the
 * terminal status and closes its stream, shows a deletion, warns about staleness, pages the node table failed
 * first, and the list filters by status.
 */
@QuarkusTest
class DashboardBrowserTest {

    @RegisterExtension
    final Browser browser = new Browser();

    @TestHTTPResource("/")
    URL root;

    @Inject
    MutableClock clock;
    @Inject
    BatchConfig config;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void sessionViewFollowsNodeReportsLiveUntilTheTerminalStatusClosesTheStream() {
        String canvas = "canvases/<b>escaped</b>.canvas";
        String id = createSession(canvas, List.of("n1", "n2", "n3", "n4"));
        transition(id, "running");
        WebDriver page = openSession(id);
        markPage(page);

        waitForConnection("live");
        WebElement title = page.findElement(By.cssSelector(".session-title"));
        assertThat(title.getText()).isEqualTo(canvas);
        assertThat(title.findElements(By.tagName("b"))).as("data is never parsed as HTML").isEmpty();
        waitForText(badge(), "running");
        waitForAttribute(progressBar(), "aria-valuenow", "0");
        assertThat(progressBar().getAttribute("aria-valuemin")).isEqualTo("0");
        assertThat(progressBar().getAttribute("aria-valuemax")).isEqualTo("100");
        waitForText(counter("pending"), "4");

        reportNode(id, "n1", Map.of("status", "running"));
        waitForText(counter("running"), "1");
        waitForText(counter("pending"), "3");

        reportNode(id, "n1", Map.of("status", "completed", "result", Map.of("rows_written", 42)));
        waitForAttribute(progressBar(), "aria-valuenow", "25");
        waitForText(counter("completed"), "1");
        waitForText(counter("running"), "0");

        reportNode(id, "n2", Map.of("status", "failed", "error", "ValueError: <script>bad row 7</script>"));
        waitForAttribute(progressBar(), "aria-valuenow", "50");
        waitForText(counter("failed"), "1");
        // Failed nodes come first in the node table, their error readable as text.
        browser.waitingFor("failed node n2 first in the node table")
                .until(d -> "n2".equals(firstNodeRow().getAttribute("data-node")));
        assertThat(firstNodeRow().findElement(By.cssSelector(".node-error")).getText())
                .isEqualTo("ValueError: <script>bad row 7</script>");
        WebElement result = page.findElement(By.cssSelector("tr[data-node='n1'] details.node-result"));
        result.findElement(By.tagName("summary")).click();
        assertThat(result.findElement(By.tagName("pre")).getText()).contains("\"rows_written\": 42");

        reportNode(id, "n3", Map.of("status", "completed"));
        reportNode(id, "n4", Map.of("status", "completed"));
        waitForText(badge(), "partial failure");
        waitForAttribute(progressBar(), "aria-valuenow", "100");
        waitForConnection("closed");
        assertThat(page.findElement(By.cssSelector(".conn")).getText()).contains("final status");
        browser.waitingFor("two transitions in the history")
                .until(d -> page.findElements(By.cssSelector(".history li")).size() == 2);
        assertThat(page.findElement(By.cssSelector(".history")).getText())
                .contains("pending → running").contains("running → partial failure");
        assertThat(pageWasNotReloaded(page)).as("everything above arrived without a reload").isTrue();
    }

    @Test
    void deletingTheSessionShowsItIsGoneAndClosesTheStream() {
        String id = createSession("canvases/doomed.canvas", List.of("a", "b"));
        transition(id, "running");
        WebDriver page = openSession(id);
        waitForConnection("live");

        given().when().delete("/api/v1/parallel/sessions/{id}", id).then().statusCode(204);

        WebElement banner = page.findElement(By.cssSelector(".gone-banner"));
        browser.waiting().until(ExpectedConditions.visibilityOf(banner));
        assertThat(banner.getText()).contains("deleted");
        waitForText(badge(), "deleted");
        waitForConnection("closed");
    }

    @Test
    void aRunningSessionWithoutActivityShowsTheStaleWarning() {
        String id = createSession("canvases/quiet.canvas", List.of("x"));
        transition(id, "running");
        clock.advance(config.staleAfter().plus(Duration.ofSeconds(1)));

        WebDriver page = openSession(id);
        WebElement banner = page.findElement(By.cssSelector(".stale-banner"));
        browser.waiting().until(ExpectedConditions.visibilityOf(banner));
        assertThat(banner.getText()).startsWith("Stale — no update for");
    }

    @Test
    void theNodeTableShowsFiftyNodesFailedFirstAndMoreOnRequest() {
        List<String> nodes = IntStream.rangeClosed(1, 60).mapToObj(i -> "n" + i).toList();
        String id = createSession("canvases/many-nodes.canvas", nodes);
        transition(id, "running");
        for (String node : nodes) {
            // The last five fail: failed first puts them at the top, ahead of 45 completed ones.
            reportNode(id, node, Map.of("status", nodes.indexOf(node) >= 55 ? "failed" : "completed"));
        }
        WebDriver page = openSession(id);
        waitForText(badge(), "partial failure");

        browser.waitingFor("the first page of node rows").until(d -> nodeRows().size() == 50);
        assertThat(nodeRows()).extracting(row -> row.getAttribute("data-status"))
                .containsExactlyElementsOf(Stream.concat(Collections.nCopies(5, "failed").stream(),
                        Collections.nCopies(45, "completed").stream()).toList());
        WebElement more = page.findElement(By.xpath("//button[normalize-space()='Show more nodes']"));
        assertThat(more.isDisplayed()).isTrue();
        waitForText(page.findElement(By.cssSelector(".nodes-note")), "Showing 50 of 60 nodes, failed first.");

        more.click();
        browser.waitingFor("every node row").until(d -> nodeRows().size() == 60);
        browser.waitingFor("no more to show").until(d -> !more.isDisplayed());
        waitForText(page.findElement(By.cssSelector(".nodes-note")), "Showing 60 of 60 nodes, failed first.");
    }

    @Test
    void theListFiltersByStatusAndLinksToTheSessionView() {
        String running = createSession("canvases/list-running.canvas", List.of("a"));
        transition(running, "running");
        String cancelled = createSession("canvases/list-cancelled.canvas", List.of("a"));
        transition(cancelled, "cancelled");
        String completed = createSession("canvases/list-completed.canvas", List.of("a"));
        transition(completed, "running");
        reportNode(completed, "a", Map.of("status", "completed"));

        WebDriver page = browser.driver();
        page.get(root + "#/");
        waitForRow(running);
        waitForRow(cancelled);
        waitForRow(completed);
        browser.waitingFor("a live count of cancelled sessions")
                .until(d -> !countOf("cancelled").equals("—") && Integer.parseInt(countOf("cancelled")) >= 1);

        page.findElement(By.cssSelector(".filter[data-filter='cancelled']")).click();
        browser.waitingFor("the filter in the URL").until(d -> d.getCurrentUrl().endsWith("#/?status=cancelled"));
        waitForRow(cancelled);
        browser.waitingFor("the running session to leave the cancelled list")
                .until(d -> d.findElements(By.cssSelector(".session-row[data-task-id='" + running + "']")).isEmpty());
        List<WebElement> rows = page.findElements(By.cssSelector(".session-row"));
        assertThat(rows).isNotEmpty()
                .allSatisfy(row -> assertThat(row.getAttribute("data-status")).isEqualTo("cancelled"));
        assertThat(page.findElement(By.cssSelector(".filter[data-filter='cancelled']")).getAttribute("aria-current"))
                .isEqualTo("page");

        page.findElement(By.cssSelector(".filter[data-filter='completed']")).click();
        waitForRow(completed);
        assertThat(page.findElements(By.cssSelector(".session-row")))
                .allSatisfy(row -> assertThat(row.getAttribute("data-status")).isEqualTo("completed"));

        row(completed).click();
        browser.waitingFor("the session view URL").until(d -> d.getCurrentUrl().endsWith("#/sessions/" + completed));
        waitForText(badge(), "completed");
        waitForConnection("closed");
    }

    @Test
    void theListFollowsItsFeedLiveAndFiltersByLabel() {
        String team = "t" + System.nanoTime(); // a label value no other test's session carries
        String first = createLabelled("canvases/feed-first.canvas", Map.of("team", team, "env", "prod"));
        String elsewhere = createLabelled("canvases/feed-elsewhere.canvas", Map.of("team", team + "-x"));

        WebDriver page = browser.driver();
        page.get(root + "#/?label=team:" + team);
        waitForRow(first);
        assertThat(page.findElements(By.cssSelector(".session-row[data-task-id='" + elsewhere + "']"))).isEmpty();
        assertThat(row(first).findElements(By.cssSelector(".label-chip")))
                .extracting(WebElement::getText).containsExactly("env=prod", "team=" + team);
        browser.waitingFor("the list's feed to be live").until(ExpectedConditions.attributeToBe(
                By.cssSelector(".refreshed"), "data-state", "live"));
        markPage(page);

        String late = createLabelled("canvases/feed-late.canvas", Map.of("team", team));
        waitForRow(late);
        browser.waitingFor("a live count of pending sessions under the label")
                .until(d -> countOf("pending").equals("2"));
        transition(late, "running");
        browser.waitingFor("the new session's row to show it running")
                .until(d -> "running".equals(row(late).getAttribute("data-status")));
        browser.waitingFor("the counts to follow").until(d -> countOf("running").equals("1")
                && countOf("pending").equals("1") && countOf("all").equals("2"));

        given().when().delete("/api/v1/parallel/sessions/{id}", first).then().statusCode(204);
        browser.waitingFor("the deleted session to leave the list")
                .until(d -> d.findElements(By.cssSelector(".session-row[data-task-id='" + first + "']")).isEmpty());
        assertThat(pageWasNotReloaded(page)).as("the list changed without a reload").isTrue();

        page.get(root + "#/");
        waitForRow(elsewhere);
        WebElement labels = page.findElement(By.cssSelector(".narrow-form input[name='label']"));
        labels.sendKeys("team:" + team + "-x");
        labels.submit();
        browser.waitingFor("the label filter in the URL")
                .until(d -> d.getCurrentUrl().endsWith("#/?label=team%3A" + team + "-x"));
        waitForRow(elsewhere);
        browser.waitingFor("the other label's sessions to leave the list")
                .until(d -> d.findElements(By.cssSelector(".session-row[data-task-id='" + late + "']")).isEmpty());

        row(elsewhere).click();
        browser.waitingFor("the session view").until(d -> !d.findElements(By.cssSelector(".session")).isEmpty());
        browser.waitingFor("the labels in the session view").until(d -> d.findElements(
                By.cssSelector(".session-labels .label-chip")).stream().map(WebElement::getText).toList()
                .equals(List.of("team=" + team + "-x")));
    }

    @Test
    void theAnalyticsPanelChartsTheFinishedSessionsAndListsTheNodesThatFailMost() {
        String team = "a" + System.nanoTime(); // a label value no other test's session carries
        String completed = createLabelled("canvases/analytics-a.canvas", Map.of("team", team));
        String partial = createLabelled("canvases/analytics-a.canvas", Map.of("team", team));
        String failed = createLabelled("canvases/analytics-b.canvas", Map.of("team", team));
        for (String id : List.of(completed, partial, failed)) {
            transition(id, "running");
        }
        reportNode(completed, "n1", Map.of("status", "running")); // a start: n1 has an execution time
        reportNode(completed, "n1", Map.of("status", "completed"));
        reportNode(completed, "n2", Map.of("status", "completed"));
        reportNode(partial, "n1", Map.of("status", "completed"));
        reportNode(partial, "n2", Map.of("status", "failed", "error", "disk full"));
        reportNode(failed, "n1", Map.of("status", "failed", "error", "crash"));
        reportNode(failed, "n2", Map.of("status", "failed", "error", "<b>timeout</b>"));

        WebDriver page = browser.driver();
        page.get(root + "#/?label=team:" + team);
        page.findElement(By.cssSelector(".analytics-link")).click();
        browser.waitingFor("the analytics view under the list's label filter")
                .until(d -> d.getCurrentUrl().endsWith("#/analytics?label=team%3A" + team));
        browser.waitingFor("three finished sessions").until(d -> "3".equals(figure("sessions")));
        assertThat(figure("success_rate")).isEqualTo("33.3 %");
        assertThat(figure("duration_p50")).isNotEqualTo("—");
        assertThat(figure("duration_p95")).isNotEqualTo("—");
        assertThat(figure("node_p50")).isNotEqualTo("—");

        // One bar segment per status in the hour they finished in: this hour, the chart's last.
        Map<String, Integer> charted = new TreeMap<>();
        for (WebElement bar : page.findElements(By.cssSelector("svg.hourly-chart rect.chart-bar"))) {
            charted.merge(bar.getAttribute("data-status"), Integer.parseInt(bar.getAttribute("data-count")),
                    Integer::sum);
            assertThat(Double.parseDouble(bar.getAttribute("height"))).isPositive();
        }
        assertThat(charted).isEqualTo(Map.of("completed", 1, "partial_failure", 1, "failed", 1));
        assertThat(page.findElements(By.cssSelector("svg.hourly-chart g.chart-hour"))).hasSizeBetween(24, 25);

        List<WebElement> failing = page.findElements(By.cssSelector("table.failing-nodes tbody tr"));
        assertThat(failing).extracting(r -> r.getAttribute("data-node-id")).containsExactly("n2", "n1");
        assertThat(failing.get(0).findElements(By.tagName("td"))).extracting(WebElement::getText)
                .containsExactly("n2", "2", "<b>timeout</b>");
        assertThat(failing.get(0).findElements(By.tagName("b"))).as("errors are never parsed as HTML").isEmpty();
        assertThat(page.findElements(By.cssSelector("table.canvas-paths tbody tr")))
                .extracting(r -> r.getAttribute("data-canvas-path"))
                .containsExactly("canvases/analytics-a.canvas", "canvases/analytics-b.canvas");

        page.findElement(By.cssSelector(".filters a[data-hours='168']")).click();
        browser.waitingFor("the week's window").until(d -> d.getCurrentUrl().contains("hours=168")
                && d.findElements(By.cssSelector("svg.hourly-chart g.chart-hour")).size() >= 168);
        browser.waitingFor("the same three sessions over the week").until(d -> "3".equals(figure("sessions")));
    }

    // --- the API, as an executor would call it -----------------------------------------------------------------

    static String createLabelled(String canvasPath, Map<String, String> labels) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("canvas_path", canvasPath, "node_count", 2, "labels", labels))
                .when().post("/api/v1/parallel/sessions")
                .then().statusCode(201)
                .extract().path("task_id");
    }

    static String createSession(String canvasPath, List<String> nodeIds) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("canvas_path", canvasPath,
                        "groups", List.of(Map.of("group_id", "g1", "node_ids", nodeIds))))
                .when().post("/api/v1/parallel/sessions")
                .then().statusCode(201)
                .extract().path("task_id");
    }

    static void transition(String id, String to) {
        given().contentType(ContentType.JSON).body(Map.of("to", to))
                .when().post("/api/v1/parallel/sessions/{id}/transitions", id)
                .then().statusCode(200);
    }

    static void reportNode(String id, String nodeId, Map<String, Object> report) {
        given().contentType(ContentType.JSON).body(report)
                .when().put("/api/v1/parallel/sessions/{id}/nodes/{node}", id, nodeId)
                .then().statusCode(200);
    }

    // --- the page --------------------------------------------------------------------------------------------

    private WebDriver openSession(String id) {
        WebDriver page = browser.driver();
        page.get(root + "#/sessions/" + id);
        browser.waitingFor("the session view").until(d -> !d.findElements(By.cssSelector(".session")).isEmpty());
        return page;
    }

    private String figure(String name) {
        List<WebElement> found = browser.driver().findElements(By.cssSelector(".figure[data-figure='" + name + "'] dd"));
        return found.isEmpty() ? null : found.get(0).getText();
    }

    private WebElement badge() {
        return browser.driver().findElement(By.cssSelector(".session-head .badge"));
    }

    private WebElement progressBar() {
        return browser.driver().findElement(By.cssSelector("[role='progressbar']"));
    }

    private WebElement counter(String name) {
        return browser.driver().findElement(By.cssSelector("dd[data-count='" + name + "']"));
    }

    private List<WebElement> nodeRows() {
        return browser.driver().findElements(By.cssSelector("table.nodes tbody tr"));
    }

    private WebElement firstNodeRow() {
        return browser.driver().findElement(By.cssSelector("table.nodes tbody tr"));
    }

    private WebElement row(String id) {
        return browser.driver().findElement(By.cssSelector(".session-row[data-task-id='" + id + "']"));
    }

    private String countOf(String status) {
        return browser.driver().findElement(By.cssSelector(".filter[data-filter='" + status + "'] .count")).getText();
    }

    private void waitForRow(String id) {
        browser.waitingFor("a list row for session " + id)
                .until(d -> !d.findElements(By.cssSelector(".session-row[data-task-id='" + id + "']")).isEmpty());
    }

    private void waitForConnection(String state) {
        browser.waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(".conn"), "data-state", state));
    }

    private void waitForText(WebElement element, String text) {
        browser.waiting().until(ExpectedConditions.textToBePresentInElement(element, text));
        assertThat(element.getText()).isEqualTo(text);
    }

    private void waitForAttribute(WebElement element, String attribute, String value) {
        browser.waiting().until(ExpectedConditions.attributeToBe(element, attribute, value));
    }

    /** A flag on the window object: a reload would wipe it. */
    private static void markPage(WebDriver page) {
        ((JavascriptExecutor) page).executeScript("window.__notReloaded = true;");
    }

    private static boolean pageWasNotReloaded(WebDriver page) {
        return Boolean.TRUE.equals(((JavascriptExecutor) page).executeScript("return window.__notReloaded === true;"));
    }
}
