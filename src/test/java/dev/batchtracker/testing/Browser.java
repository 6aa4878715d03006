package dev.batchtracker.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.FluentWait;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A headless Chromium per test, driven through the system's chromedriver (Debian packages {@code chromium} and
 * {@code chromium-driver}); nothing is downloaded at run time. Register it as an instance field with
 * {@code @RegisterExtension}.
 * <p>
 * When the browser is missing the test is skipped with a message, except on CI ({@code CI=true}), where a missing
 * browser is a failure. When a test fails, a screenshot, the page's HTML and the browser console go to
 * {@code target/browser-failures/}.
 */
public final class Browser implements BeforeEachCallback, AfterTestExecutionCallback, AfterEachCallback {

    public static final Duration WAIT = Duration.ofSeconds(20);

    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM_BIN", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER =
            Path.of(System.getenv().getOrDefault("CHROMEDRIVER_BIN", "/usr/bin/chromedriver"));
    private static final Path FAILURES = Path.of("target", "browser-failures");
    /**
     * Selenium warns on every start that it has no DevTools binding for this Chromium; these tests use WebDriver
     * only, never DevTools. Strong references: the log manager keeps loggers weakly.
     */
    private static final List<java.util.logging.Logger> QUIETED = List.of(
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder"),
            java.util.logging.Logger.getLogger("org.openqa.selenium.chromium.ChromiumDriver"));

    static {
        QUIETED.forEach(logger -> logger.setLevel(Level.SEVERE));
    }

    private final int width;
    private final int height;
    private ChromeDriver driver;
    private ChromeDriverService service;
    private Path profile;

    public Browser() {
        this(1280, 900);
    }

    public Browser(int width, int height) {
        this.width = width;
        this.height = height;
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waiting() {
        return new WebDriverWait(driver, WAIT);
    }

    /** A bounded wait whose timeout message says what was awaited. */
    public FluentWait<WebDriver> waitingFor(String what) {
        return waiting().withMessage(what);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        requireInstalled();
        profile = Files.createTempDirectory("batch-tracker-chromium-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=" + width + "," + height);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (driver != null && context.getExecutionException().isPresent()) {
            saveEvidence(context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName());
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (service != null) {
                service.stop();
                service = null;
            }
            deleteProfile();
        }
    }

    /** Writes a PNG of the current viewport; used for failures and for the README screenshot. */
    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void saveEvidence(String name) {
        try {
            Path png = screenshot(FAILURES.resolve(name + ".png"));
            Files.writeString(FAILURES.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
            String console = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .map(LogEntry::toString).collect(Collectors.joining("\n"));
            Files.writeString(FAILURES.resolve(name + ".console.txt"), console, StandardCharsets.UTF_8);
            System.err.println("Browser test failed; screenshot at " + png.toAbsolutePath());
        } catch (RuntimeException | IOException e) {
            // Evidence is best effort: never hide the test's own failure behind this one.
            System.err.println("Could not save the browser's state after a failure: " + e);
        }
    }

    private static void requireInstalled() {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (installed) {
            return;
        }
        String message = "Headless Chromium is needed for the browser tests: install the Debian packages 'chromium' and"
                + " 'chromium-driver' (looked for " + CHROMIUM + " and " + CHROMEDRIVER
                + "; CHROMIUM_BIN / CHROMEDRIVER_BIN override the paths)";
        Requirement.missing(message + ". Skipping.", message + ". On CI (CI=true) this is a failure, not a skip.");
    }

    private void deleteProfile() {
        if (profile == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temp profile is harmless.
        }
        profile = null;
    }
}
