package vn.onduty.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from Debian's packages, driven by their chromedriver. Giving Selenium both paths
 * means Selenium Manager never runs, so nothing is downloaded; the switches below keep Chromium itself
 * from calling home, which on a machine without network stalls it on refused connections.
 */
public final class Chromium {

    public static final Path BINARY = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private Chromium() {}

    /**
     * A new browser with an empty profile in {@code profile}; its chromedriver log goes to {@code log}.
     * Fails, rather than skips, when the packages are missing: {@code ./onduty test} installs them.
     */
    public static ChromeDriver start(Path profile, Path log) {
        for (Path p : List.of(BINARY, DRIVER)) {
            if (!Files.isExecutable(p)) {
                throw new AssertionError(p + " is missing: the browser tests need Debian's chromium and"
                        + " chromium-driver packages. Run ./onduty test, which installs them"
                        + " (or apt-get install chromium chromium-driver).");
            }
        }
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(log.toFile())
                .build();
        ChromeOptions options = new ChromeOptions()
                .setBinary(new File(BINARY.toString()))
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                        "--window-size=1280,900",
                        // Even with the switches above, Chromium still looked up Google's autofill, password
                        // leak check, update and sign-in hosts and DuckDuckGo (seen with strace): these stop
                        // the features, and the resolver rule answers every other name but localhost at once.
                        "--disable-features=AutofillServerCommunication,PasswordLeakDetection,OptimizationHints,"
                                + "MediaRouter,Translate",
                        "--disable-client-side-phishing-detection", "--disable-default-apps", "--disable-extensions",
                        "--disable-domain-reliability", "--no-pings", "--password-store=basic",
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost");
        // The console is kept, so that a test can read what the page reported (Content-Security-Policy violations).
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(10));
        return driver;
    }

    /** Ends a browser started with {@link #start} and deletes its profile directory; either may be null. */
    public static void quit(WebDriver browser, Path profile) {
        if (browser != null) {
            browser.quit();
        }
        if (profile != null) {
            try (java.util.stream.Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temp directory left behind is harmless.
            }
        }
    }

    /**
     * Clicks something that loads a new page and waits until the new page has loaded. The old page is marked with
     * a script variable the new one does not have; waiting for the old {@code <html>} to go stale instead raced
     * with the navigation under load (the driver asked about a node that was being torn down and failed).
     */
    public static void clickAndWaitForNextPage(WebDriver browser, WebElement element) {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.__ondutyPreviousPage = true;");
        element.click();
        new WebDriverWait(browser, Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(js.executeScript(
                        "return window.__ondutyPreviousPage === undefined && document.readyState === 'complete';")));
    }
}
