package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
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
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** The roster page in headless Chromium: a supervisor finds a counter's session on the week grid and substitutes its officer. */
class RosterBrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(RosterBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> RosterBrowserIT.browser);

    static WebDriver browser;
    static Path profile;
    static long site;
    static long counter;
    static String supervisor;

    @BeforeAll
    static void arrange() throws IOException {
        Admins.create(DB, "quantri", "admin-password-1");
        Api admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        long dept = aDepartment().createdBy(admin);
        counter = aCounter(site).with("number", 3).with("name", "Quầy 3 – Sở Tư pháp").with("departmentId", dept).createdBy(admin);
        long lan = aStaff(dept, site).with("fullName", "Nguyễn Thị Lan").createdBy(admin);
        aStaff(dept, site).with("fullName", "Lê Văn Hùng").createdBy(admin);
        List<Map<String, Object>> slots = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            for (String part : List.of("MORNING", "AFTERNOON")) {
                slots.add(Map.of("counterId", counter, "weekday", day, "part", part, "staffId", lan));
            }
        }
        Reply template = admin.put("/api/roster/template?siteId=" + site,
                Map.of("validFrom", today().toString(), "slots", slots));
        assertThat(template.status()).as("%s", template).isEqualTo(200);
        Org.Body account = aSupervisorAccount(List.of(site), List.of());
        account.create(admin);
        supervisor = account.get("username").toString();

        profile = Files.createTempDirectory("onduty-chromium-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-roster.log"));
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    @Test
    void aSupervisorSubstitutesAnOfficerAndTheGridShowsIt() {
        signIn(supervisor);

        clickAndWaitForNextPage(browser.findElement(By.cssSelector("header nav")).findElement(By.linkText("Phân công quầy")));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/roster");
        clickAndWaitForNextPage(browser.findElement(By.id("next-week")));
        LocalDate monday = today().with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        String cellId = "cell-" + counter + "-" + monday + "-MORNING";
        assertThat(browser.findElement(By.id(cellId)).getText()).isEqualTo("Nguyễn Thị Lan");

        clickAndWaitForNextPage(browser.findElement(By.id(cellId)).findElement(By.tagName("a")));
        assertThat(browser.findElement(By.id("current")).getText()).contains("Nguyễn Thị Lan", "Theo lịch tuần");
        browser.findElement(By.id("kind-SUBSTITUTION")).click();
        Select officer = new Select(browser.findElement(By.id("f-staffId")));
        assertThat(officer.getOptions()).extracting(WebElement::getText).as("the rostered officer is not offered")
                .noneMatch(o -> o.contains("Nguyễn Thị Lan"));
        officer.selectByVisibleText(officer.getOptions().stream().map(WebElement::getText)
                .filter(o -> o.startsWith("Lê Văn Hùng")).findFirst().orElseThrow());
        browser.findElement(By.id("f-reason")).sendKeys("Chị Lan nghỉ phép năm");
        clickAndWaitForNextPage(browser.findElement(By.id("add-change")));

        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/roster");
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Đã lưu thay đổi phân công.");
        WebElement cell = browser.findElement(By.id(cellId));
        assertThat(cell.getText()).contains("Lê Văn Hùng", "(thay Nguyễn Thị Lan)");
        assertThat(cell.getAttribute("class")).contains("substitution");
        assertThat(browser.findElement(By.id("cell-" + counter + "-" + monday + "-AFTERNOON")).getText())
                .as("only that session").isEqualTo("Nguyễn Thị Lan");
        assertThat(DB.rows("select kind, reason from roster_change where counter_id = ?", counter))
                .containsExactly(Map.of("kind", "SUBSTITUTION", "reason", "Chị Lan nghỉ phép năm"));
    }

    @Test
    void aTemplateThatWouldPutAnOfficerAtTwoSitesAtOnceIsRefusedInVietnamese() {
        Api admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        long oldSite = aSite().with("name", "Bộ phận Một cửa phường An Cựu " + Org.unique()).createdBy(admin);
        long newSite = aSite().with("name", "Trung tâm Phục vụ hành chính công Huế " + Org.unique()).createdBy(admin);
        long dept = aDepartment().createdBy(admin);
        long oldCounter = aCounter(oldSite).with("number", 5).with("name", "Quầy 5 – Hộ tịch").createdBy(admin);
        long newCounter = aCounter(newSite).with("number", 9).with("name", "Quầy 9 – Đất đai").createdBy(admin);
        long tam = aStaff(dept, oldSite).with("fullName", "Trần Văn Tâm").createdBy(admin);
        List<Map<String, Object>> slots = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            slots.add(Map.of("counterId", oldCounter, "weekday", day, "part", "MORNING", "staffId", tam));
        }
        assertThat(admin.put("/api/roster/template?siteId=" + oldSite, Map.of("validFrom", today().toString(), "slots", slots))
                .status()).isEqualTo(200);
        // Tâm is transferred; the old site's template still has him on its counter every weekday morning.
        Map<String, Object> moved = new java.util.HashMap<>();
        var record = admin.get("/api/staff/" + tam).json();
        for (String f : List.of("code", "fullName", "position", "serviceStartDate", "email", "phone")) {
            moved.put(f, record.get(f).asText());
        }
        moved.put("departmentId", dept);
        moved.put("homeSiteId", newSite);
        assertThat(admin.put("/api/staff/" + tam, moved).status()).isEqualTo(200);
        Org.Body account = aSupervisorAccount(List.of(newSite), List.of());
        account.create(admin);
        long templatesBefore = DB.count("roster_template", "site_id = " + newSite);

        signIn(account.get("username").toString());
        open("/roster/template?counterId=" + newCounter);
        new Select(browser.findElement(By.id("f-MONDAY.MORNING"))).selectByVisibleText(
                new Select(browser.findElement(By.id("f-MONDAY.MORNING"))).getOptions().stream().map(WebElement::getText)
                        .filter(o -> o.startsWith("Trần Văn Tâm")).findFirst().orElseThrow());
        clickAndWaitForNextPage(browser.findElement(By.id("save")));

        String alert = browser.findElement(By.cssSelector("[role=alert]")).getText();
        assertThat(alert).contains("Lịch tuần xếp cán bộ vào một buổi mà cán bộ đó đã được phân công ở điểm phục vụ khác",
                "Trần Văn Tâm sẽ trực cùng lúc ở quầy 9 (Quầy 9 – Đất đai) tại " + admin.get("/api/sites/" + newSite).json()
                        .get("name").asText() + " và quầy 5 (Quầy 5 – Hộ tịch) tại "
                        + admin.get("/api/sites/" + oldSite).json().get("name").asText() + " vào buổi sáng ngày ");
        assertThat(alert).as("said in Vietnamese only").doesNotContain("would be on");
        assertThat(DB.count("roster_template", "site_id = " + newSite)).isEqualTo(templatesBefore);
    }

    /** A fresh browser session signed in as this user. */
    private static void signIn(String username) {
        browser.manage().deleteAllCookies();
        open("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(Org.PASSWORD);
        clickAndWaitForNextPage(browser.findElement(By.id("login-submit")));
    }

    private static LocalDate today() {
        return LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
    }

    private static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }

    private static void clickAndWaitForNextPage(WebElement element) {
        Chromium.clickAndWaitForNextPage(browser, element);
    }
}
