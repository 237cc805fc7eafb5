package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Chromium;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Every page of the demo, as each role reaches it, opened in Chromium under the server's Content-Security-Policy: no
 * violation is reported (to the page or in the console), no script fails, and no element carries an inline handler
 * (which the policy would refuse when its event fired). Then what the pages do with script,
 * done under the policy: htmx fragments, the site pickers, the confirmation before locking a timesheet, the charts
 * and their tooltips, Swagger UI.
 */
class ContentSecurityPolicyBrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(ContentSecurityPolicyBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("demo.enabled", "true"));

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> ContentSecurityPolicyBrowserIT.browser);

    /** Runs before any script of each page (and, injected by the browser, is not subject to the page's policy). */
    static final String WATCH = """
            window.__csp = []; window.__errors = [];
            document.addEventListener('securitypolicyviolation', function (e) {
              window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at '
                  + (e.sourceFile || '') + ':' + e.lineNumber);
            });
            window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });
            """;
    static final int MAX_PAGES = 400;

    static ChromeDriver browser;
    static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        profile = Files.createTempDirectory("onduty-chromium-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-csp.log"));
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCH));
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    @Test
    void everyPageOfEveryRoleRunsUnderThePolicyWithoutAViolation() {
        Map<String, String> problems = new LinkedHashMap<>();
        Set<String> shapesSeen = new LinkedHashSet<>();
        int opened = 0;
        for (String role : List.of("admin", "supervisor", "officer")) {
            String session = Browser.session(APP, role, "onduty-demo");
            signInBrowser(session);
            for (String url : pagesOf(role, session)) {
                if (!shapesSeen.add(EveryLinkIT.shape(url))) {
                    continue;
                }
                opened++;
                List<String> found = openAndWatch(url);
                if (!found.isEmpty()) {
                    problems.put(role + " " + url, String.join("; ", found));
                }
            }
        }
        assertThat(opened).as("pages opened in the browser").isGreaterThan(40);
        System.out.println("ContentSecurityPolicyBrowserIT opened " + opened + " pages");
        assertThat(problems).as("CSP violations, script errors and CSP console messages, by page").isEmpty();
    }

    @Test
    void whatThePagesDoWithScriptWorksUnderThePolicy() {
        signInBrowser(Browser.session(APP, "supervisor", "onduty-demo"));

        // htmx: the count beside "Duyệt nghỉ" is a fragment loaded after the page.
        open("/today");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                !d.findElement(By.id("inbox-count")).getText().isBlank());

        // The site picker submits itself when another site is chosen (the admin has both of the demo's sites).
        signInBrowser(Browser.session(APP, "admin", "onduty-demo"));
        open("/today");
        Select site = new Select(browser.findElement(By.id("f-site")));
        String other = site.getOptions().stream().map(o -> o.getAttribute("value"))
                .filter(v -> !v.equals(site.getFirstSelectedOption().getAttribute("value"))).findFirst().orElseThrow();
        site.selectByValue(other);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("siteId=" + other));

        // Locking a month asks first; saying no locks nothing.
        signInBrowser(Browser.session(APP, "supervisor", "onduty-demo"));
        long locks = DB.count("timesheet_lock");
        open("/timesheets");
        browser.findElement(By.cssSelector("form[action='/timesheets/lock'] button[type=submit]")).click();
        Alert question = new WebDriverWait(browser, Duration.ofSeconds(5)).until(ExpectedConditions.alertIsPresent());
        assertThat(question.getText()).isNotBlank();
        question.dismiss();
        assertThat(DB.count("timesheet_lock")).isEqualTo(locks);

        // The quality charts draw, and their tooltips show on hover.
        open("/quality");
        WebElement chart = new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("canvas")));
        new Actions(browser).moveToElement(chart).perform();
        new Actions(browser).moveToElement(chart, 20, 5).perform();
        assertThat(watched()).as("after hovering a chart").isEmpty();

        // Swagger UI renders OnDuty's API description.
        open("/api/docs");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector(".swagger-ui .info .title"))
                .getText().contains("OnDuty API"));
        assertThat(watched()).as("Swagger UI").isEmpty();
    }

    @Test
    void everyAnswerCarriesThePolicyAndRefusesFraming() {
        for (String path : List.of("/login", "/assets/onduty.css", "/webjars/htmx.org/2.0.4/dist/htmx.min.js",
                "/api/openapi.json", "/no-such-page")) {
            Reply r = Browser.at(APP).get(path);
            assertThat(r.header("Content-Security-Policy")).as(path).hasValue(
                    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-elem 'self';"
                            + " style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:;"
                            + " connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self';"
                            + " frame-ancestors 'none'");
            assertThat(r.header("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(r.header("Referrer-Policy")).as(path).hasValue("same-origin");
            assertThat(r.header("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.header("Strict-Transport-Security")).as("%s over plain HTTP", path).isEmpty();
        }
    }

    // ---- helpers ----

    /** The role's HTML pages, one per shape, found by following links from the home page (as EveryLinkIT does). */
    static List<String> pagesOf(String role, String session) {
        Api http = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session);
        Deque<String> queue = new ArrayDeque<>(List.of("/"));
        Set<String> seen = new LinkedHashSet<>(queue);
        Set<String> shapes = new LinkedHashSet<>();
        List<String> pages = new ArrayList<>();
        while (!queue.isEmpty() && pages.size() < MAX_PAGES) {
            String url = queue.poll();
            Reply reply = http.get(url);
            if (reply.status() != 200 || !reply.header("Content-Type").orElse("").startsWith("text/html")) {
                continue;
            }
            pages.add(url);
            for (String link : EveryLinkIT.links(url, reply.body())) {
                if (seen.add(link) && shapes.add(EveryLinkIT.shape(link))) {
                    queue.add(link);
                }
            }
        }
        assertThat(pages).as("pages of " + role).hasSizeGreaterThan(role.equals("officer") ? 5 : 20);
        return pages;
    }

    static void signInBrowser(String session) {
        open("/login");
        browser.manage().deleteAllCookies();
        browser.manage().addCookie(new Cookie.Builder("ONDUTY_SESSION", session).path("/").isHttpOnly(true).build());
    }

    static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }

    /** Opens a page, lets its fragments load, and answers what went wrong: violations, script errors, console CSP. */
    static List<String> openAndWatch(String url) {
        open(url);
        JavascriptExecutor js = browser;
        try {
            new WebDriverWait(browser, Duration.ofSeconds(10)).ignoring(WebDriverException.class).until(d ->
                    Boolean.TRUE.equals(js.executeScript("return document.readyState === 'complete'"
                            + " && document.querySelectorAll('.htmx-request').length === 0")));
        } catch (org.openqa.selenium.TimeoutException e) {
            return List.of("did not settle within 10 s");
        }
        List<String> found = watched();
        // An inline handler is refused only when its event fires: find them before anyone clicks.
        Object handlers = js.executeScript("""
                return Array.from(document.querySelectorAll('*')).flatMap(el => Array.from(el.attributes)
                    .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value))
                    .map(a => el.tagName.toLowerCase() + '[' + a.name + '] blocked by script-src-attr'));""");
        if (handlers instanceof List<?> list) {
            list.forEach(o -> found.add(String.valueOf(o)));
        }
        return found;
    }

    @SuppressWarnings("unchecked")
    static List<String> watched() {
        List<String> found = new ArrayList<>();
        Object csp = browser.executeScript("return (window.__csp || []).concat(window.__errors || [])");
        if (csp instanceof List<?> list) {
            list.forEach(o -> found.add(String.valueOf(o)));
        }
        for (LogEntry e : browser.manage().logs().get(LogType.BROWSER)) {
            if (e.getMessage().contains("Content Security Policy") || e.getMessage().contains("Refused to")) {
                found.add("console: " + e.getMessage());
            }
        }
        return found;
    }
}
