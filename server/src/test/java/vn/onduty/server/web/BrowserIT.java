package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Chromium;
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The web pages in a real browser (headless Chromium): what a person sees and can do with them,
 * from the first visit through the language switch to a counter made with the admin form, on a
 * desktop window and on a phone-sized one.
 */
class BrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(BrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> BrowserIT.browser);

    static final String PASSWORD = "mat-khau-quan-tri-1";
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        // One account per test, so that one test's language choice never shows up in another's pages.
        for (String admin : List.of("quantri", "ngonngu", "quay", "dienthoai")) {
            Admins.create(DB, admin, PASSWORD);
        }
        profile = Files.createTempDirectory("onduty-chromium-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver.log"));
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    /** Every test starts signed out, with no remembered language, on a desktop-sized window. */
    @BeforeEach
    void freshVisitor() {
        browser.manage().window().setSize(DESKTOP);
        open("/login");
        browser.manage().deleteAllCookies();
    }

    @Test
    void firstVisitLeadsToTheVietnameseLoginFormWhichSignsIn() {
        open("/");

        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/login");
        assertThat(pageLanguage()).isEqualTo("vi");
        assertThat(heading()).isEqualTo("Đăng nhập OnDuty");

        signIn("quantri");

        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/");
        assertThat(pageLanguage()).isEqualTo("vi");
        assertThat(browser.findElement(By.cssSelector("header .who")).getText()).isEqualTo("quantri");
    }

    @Test
    void languageSwitchIsRememberedByTheBrowserAndByTheAccount() {
        open("/");
        signIn("ngonngu");
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/");
        assertThat(pageLanguage()).isEqualTo("vi");
        assertThat(navLinks()).contains("Quầy").doesNotContain("Counters");

        clickAndWaitForNextPage(browser.findElement(By.id("lang-switch")));

        assertThat(URI.create(browser.getCurrentUrl()).getPath()).as("stays on the same page").isEqualTo("/");
        assertThat(pageLanguage()).isEqualTo("en");
        assertThat(navLinks()).contains("Counters").doesNotContain("Quầy");
        assertThat(browser.manage().getCookieNamed(Web.LANG_COOKIE)).extracting(Cookie::getValue).isEqualTo("en");
        assertThat(DB.rows("select language from user_account where username = 'ngonngu'"))
                .extracting(r -> r.get("language")).containsExactly("en");

        clickAndWaitForNextPage(browser.findElement(By.id("logout")));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/login");
        assertThat(pageLanguage()).as("the signed-out login page, from the cookie").isEqualTo("en");
        assertThat(heading()).isEqualTo("Sign in to OnDuty");

        signIn("ngonngu");
        assertThat(pageLanguage()).isEqualTo("en");

        // Another browser: no cookie, so Vietnamese until the account is known, then its own choice.
        browser.manage().deleteAllCookies();
        open("/login");
        assertThat(pageLanguage()).isEqualTo("vi");
        signIn("ngonngu");
        assertThat(pageLanguage()).as("from the account").isEqualTo("en");
        browser.navigate().refresh();
        assertThat(pageLanguage()).isEqualTo("en");
        assertThat(navLinks()).contains("Counters");
    }

    @Test
    void counterMadeWithTheFormIsStoredOnceAndItsNumberCannotBeUsedTwice() {
        Api api = Api.at(APP).loggedInAs("quantri", PASSWORD);
        var site = aSite();
        long siteId = site.createdBy(api);
        String siteName = (String) site.get("name");
        String name = "Quầy 7 – Tư pháp";
        assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).as("the expected name is composed").isTrue();

        open("/");
        signIn("quay");
        clickAndWaitForNextPage(browser.findElement(By.id("lang-switch")));
        clickAndWaitForNextPage(browser.findElement(By.cssSelector("header nav")).findElement(By.linkText("Counters")));
        assertThat(heading()).isEqualTo("Counters");
        clickAndWaitForNextPage(browser.findElement(By.linkText("New counter")));
        assertThat(heading()).isEqualTo("New counter");

        new Select(fieldLabelled("Site")).selectByVisibleText(siteName);
        fieldLabelled("Counter number").sendKeys("7");
        // Typed decomposed, as some Vietnamese keyboard settings send it; stored composed.
        fieldLabelled("Name").sendKeys(Normalizer.normalize(name, Normalizer.Form.NFD));
        fieldLabelled("Services handled").sendKeys("Chứng thực bản sao từ bản chính\nĐăng ký khai sinh");
        clickAndWaitForNextPage(browser.findElement(By.xpath("//button[normalize-space()='Save']")));

        assertThat(storedCounters(siteId)).as("stored once, the name composed (NFC) though typed decomposed")
                .containsExactly(new StoredCounter(7, name, List.of("Chứng thực bản sao từ bản chính", "Đăng ký khai sinh")));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).matches("/admin/counters/\\d+");
        assertThat(heading()).isEqualTo("Edit counter: " + name);
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Created.");
        assertThat(fieldLabelled("Name").getDomProperty("value")).isEqualTo(name);
        assertThat(fieldLabelled("Services handled").getDomProperty("value"))
                .isEqualTo("Chứng thực bản sao từ bản chính\nĐăng ký khai sinh");

        clickAndWaitForNextPage(browser.findElement(By.cssSelector("header nav")).findElement(By.linkText("Counters")));
        assertThat(browser.findElement(By.id("results")).getText())
                .contains(name, siteName, "Chứng thực bản sao từ bản chính, Đăng ký khai sinh");
        clickAndWaitForNextPage(browser.findElement(By.linkText("New counter")));
        new Select(fieldLabelled("Site")).selectByVisibleText(siteName);
        fieldLabelled("Counter number").sendKeys("7");
        fieldLabelled("Name").sendKeys("Quầy 7 mới");
        clickAndWaitForNextPage(browser.findElement(By.xpath("//button[normalize-space()='Save']")));

        assertThat(heading()).isEqualTo("New counter");
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("This counter number is already used at this site.");
        assertThat(fieldLabelled("Counter number").getDomProperty("value")).as("what was typed is kept").isEqualTo("7");
        assertThat(fieldLabelled("Name").getDomProperty("value")).isEqualTo("Quầy 7 mới");
        assertThat(storedCounters(siteId)).as("the refused form stored nothing").containsExactly(
                new StoredCounter(7, name, List.of("Chứng thực bản sao từ bản chính", "Đăng ký khai sinh")));
    }

    @Test
    void phoneSizedScreenNeedsNoSidewaysScrollingAndKeepsTheNavigation() {
        Api api = Api.at(APP).loggedInAs("quantri", PASSWORD);
        long siteId = aSite().createdBy(api);
        // Long Vietnamese words in the list's cells are what would push a phone screen sideways.
        aCounter(siteId).with("name", "Quầy tiếp nhận và trả kết quả thủ tục hành chính lĩnh vực đất đai")
                .with("services", List.of("Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất"))
                .createdBy(api);
        browser.manage().window().setSize(PHONE);

        open("/login");
        assertThat(viewportWidth()).as("the window really is phone-sized").isLessThanOrEqualTo(PHONE.width);
        assertNoSidewaysScrolling();

        signIn("dienthoai");
        WebElement counters = browser.findElement(By.cssSelector("header nav")).findElement(By.linkText("Quầy"));
        assertThat(((JavascriptExecutor) browser).executeScript("""
                const width = document.documentElement.clientWidth;
                return [...document.querySelectorAll('header nav a')]
                    .filter(a => !a.checkVisibility() || a.getBoundingClientRect().left < 0
                        || a.getBoundingClientRect().right > width)
                    .map(a => a.textContent);"""))
                .as("nav links hidden or off the screen").asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();
        clickAndWaitForNextPage(counters);

        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/admin/counters");
        assertThat(browser.findElement(By.id("results")).getText()).contains("lĩnh vực đất đai");
        assertNoSidewaysScrolling();
    }

    // ---- what a person does ----

    private static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }

    /** Fills in and sends the login form: the one on the current page, else a freshly opened one. */
    private static void signIn(String username) {
        if (!URI.create(browser.getCurrentUrl()).getPath().equals("/login")) {
            open("/login");
        }
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        clickAndWaitForNextPage(browser.findElement(By.id("login-submit")));
        assertThat(browser.findElements(By.id("logout"))).as("signed in as %s", username).hasSize(1);
    }

    /** Clicks a link or submit button and waits until the page it leads to has replaced this one. */
    private static void clickAndWaitForNextPage(WebElement element) {
        Chromium.clickAndWaitForNextPage(browser, element);
    }

    /** The form field a label names, found the way a screen reader ties them: the label's {@code for}. */
    private static WebElement fieldLabelled(String label) {
        WebElement l = browser.findElement(By.xpath(
                "//main//label[normalize-space(text()) = '" + label + "']"));
        String id = l.getDomAttribute("for");
        assertThat(id).as("label '%s' names its field", label).isNotBlank();
        return browser.findElement(By.id(id));
    }

    // ---- what a person sees ----

    private static String pageLanguage() {
        return browser.findElement(By.tagName("html")).getDomAttribute("lang");
    }

    private static String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private static List<String> navLinks() {
        return browser.findElements(By.cssSelector("header nav a")).stream().map(WebElement::getText).toList();
    }

    private static int viewportWidth() {
        return ((Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.clientWidth"))
                .intValue();
    }

    private static void assertNoSidewaysScrolling() {
        long scrollWidth = (Long) ((JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth");
        assertThat(scrollWidth).as("page width on %s", browser.getCurrentUrl()).isLessThanOrEqualTo(viewportWidth());
    }

    // ---- what is stored ----

    record StoredCounter(int number, String name, List<String> services) {}

    private static List<StoredCounter> storedCounters(long siteId) {
        return DB.jdbi().withHandle(h -> h.createQuery("select number, name, services from counter where site_id = :site")
                .bind("site", siteId)
                .map((rs, ctx) -> new StoredCounter(rs.getInt("number"), rs.getString("name"),
                        List.of((String[]) rs.getArray("services").getArray())))
                .list());
    }
}
