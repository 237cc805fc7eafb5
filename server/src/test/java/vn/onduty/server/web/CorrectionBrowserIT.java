package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * A correction the whole way in a real browser: an officer asks from a day of "Tháng của tôi", a supervisor
 * approves it in the inbox, and the officer's day shows what the approval made of it.
 */
class CorrectionBrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CorrectionBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> CorrectionBrowserIT.browser);

    static final String DAY = "2026-11-24";
    static WebDriver browser;
    static Path profile;
    static String officer;
    static String supervisor;
    static long site;
    static long staff;

    @BeforeAll
    static void arrange() throws IOException {
        Admins.create(DB, "quantri", "admin-password-1");
        Api admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        staff = aStaff(aDepartment().createdBy(admin), site).with("fullName", "Nguyễn Thị Lan").createdBy(admin);
        Org.Body officerAccount = anOfficerAccount(staff);
        officerAccount.create(admin);
        officer = officerAccount.get("username").toString();
        Org.Body supervisorAccount = aSupervisorAccount(List.of(site), List.of());
        supervisorAccount.create(admin);
        supervisor = supervisorAccount.get("username").toString();
        profile = Files.createTempDirectory("onduty-chromium-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-corrections.log"));
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    @Test
    void officerAsksSupervisorApprovesAndTheDayShowsTheNewStatus() {
        signIn(officer);
        open("/me/month?month=2026-11");
        assertThat(cells(DAY)).containsExactly("Vắng", "Vắng");

        clickAndWaitForNextPage(browser.findElement(By.id("correct-" + DAY)));
        assertThat(heading()).isEqualTo("Yêu cầu điều chỉnh chấm công");
        new Select(browser.findElement(By.id("f-kind"))).selectByValue("OFFICIAL_BUSINESS");
        new Select(browser.findElement(By.id("f-parts"))).selectByValue("BOTH");
        browser.findElement(By.id("f-reason")).sendKeys("Họp tại Sở Tư pháp cả ngày");
        clickAndWaitForNextPage(browser.findElement(By.id("send-correction")));

        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/me/month");
        assertThat(browser.findElement(By.cssSelector("p.alert.ok")).getText()).contains("Đã gửi yêu cầu");
        assertThat(row(DAY).findElement(By.cssSelector(".badge")).getText()).isEqualTo("Chờ duyệt");
        signOut();

        signIn(supervisor);
        assertThat(timesheetCell()).as("the timesheet before the approval: absent").isEqualTo("V");
        open("/corrections");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> !d.findElements(By.id("pending-count")).isEmpty());
        assertThat(browser.findElement(By.id("pending-count")).getText()).isEqualTo("1");
        WebElement request = browser.findElement(By.cssSelector("#pending tbody tr"));
        assertThat(request.getText()).contains("Nguyễn Thị Lan", "Đi công tác", "Họp tại Sở Tư pháp cả ngày");
        String id = request.getDomAttribute("data-id");
        browser.findElement(By.id("comment-" + id)).sendKeys("Đồng ý");
        clickAndWaitForNextPage(browser.findElement(By.id("approve-" + id)));
        assertThat(browser.findElement(By.cssSelector("p.alert.ok")).getText()).contains("Đã duyệt");
        assertThat(browser.findElements(By.id("nothing-pending"))).hasSize(1);
        assertThat(timesheetCell()).as("the timesheet after it: official business counts as worked").isEqualTo("+");
        signOut();

        signIn(officer);
        open("/me/month?month=2026-11");
        assertThat(cells(DAY)).containsExactly("Công tác", "Công tác");
        assertThat(row(DAY).findElement(By.cssSelector(".badge")).getText()).isEqualTo("Đã duyệt");
        assertThat(DB.rows("select status from attendance_session where work_date = '" + DAY + "' order by part desc"))
                .extracting(r -> r.get("status")).containsExactly("OFFICIAL_BUSINESS", "OFFICIAL_BUSINESS");
    }

    @Test
    void supervisorSeesTodaysBoardAndTheLatenessSummaryOfTheSite() {
        browser.manage().deleteAllCookies();
        signIn(supervisor);
        open("/today");
        WebElement lan = browser.findElement(By.cssSelector("#board tbody tr"));
        assertThat(lan.getText()).contains("Nguyễn Thị Lan");
        assertThat(lan.findElement(By.cssSelector("td.state .att")).getText())
                .isIn("Chưa vào", "Vắng", "Ngày nghỉ");
        open("/attendance/lateness?month=2026-11");
        assertThat(heading()).isEqualTo("Tổng hợp đi muộn, về sớm");
        assertThat(browser.findElement(By.cssSelector("#lateness-officers tbody tr")).getText()).contains("Nguyễn Thị Lan");
        assertThat(browser.findElements(By.cssSelector("#lateness-departments tbody tr"))).hasSize(1);
        signOut();
    }

    /** The officer's cell for DAY on the supervisor's timesheet page of the month. */
    private static String timesheetCell() {
        open("/timesheets?month=2026-11&siteId=" + site);
        return browser.findElement(By.cssSelector("#row-" + staff + " td.cell[data-day='24']")).getText();
    }

    private static WebElement row(String date) {
        return browser.findElement(By.id("day-" + date));
    }

    /** The status shown in the morning and afternoon cells of a day. */
    private static List<String> cells(String date) {
        return row(date).findElements(By.cssSelector("td.part-morning .att, td.part-afternoon .att")).stream()
                .map(WebElement::getText).toList();
    }

    private static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }

    private static void signIn(String username) {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(Org.PASSWORD);
        clickAndWaitForNextPage(browser.findElement(By.id("login-submit")));
        assertThat(browser.findElements(By.id("logout"))).as("signed in as %s", username).hasSize(1);
    }

    private static void signOut() {
        clickAndWaitForNextPage(browser.findElement(By.id("logout")));
    }

    private static String heading() {
        return browser.findElement(By.tagName("h1")).getText();
    }

    private static void clickAndWaitForNextPage(WebElement element) {
        Chromium.clickAndWaitForNextPage(browser, element);
    }
}
