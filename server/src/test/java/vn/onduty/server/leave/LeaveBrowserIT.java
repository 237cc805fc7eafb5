package vn.onduty.server.leave;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
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
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Chromium;
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The acceptance walk in a real browser on the demo: the officer requests two and a half days of annual
 * leave with the live count, the supervisor sees the counter it leaves and a free colleague, chooses them and
 * approves step 1, the admin approves step 2; the officer's balance, the roster, the team calendar and the
 * timesheet show it. And a supervisor's delegation ended with the inbox page's button.
 */
class LeaveBrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(LeaveBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("demo.enabled", "true"));

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> LeaveBrowserIT.browser);

    static final String PASSWORD = "onduty-demo";
    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        profile = Files.createTempDirectory("onduty-chromium-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-leave.log"));
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    @Test
    void officerRequestsTwoAndAHalfDaysAndTwoStepsApproveItWithASubstitute() {
        Api officerApi = Api.at(APP).loggedInAs("officer", PASSWORD);
        long officerStaff = officerApi.get("/api/auth/me").json().get("staffId").asLong();
        long main = (Long) DB.rows("select id from site order by id limit 1").get(0).get("id");
        LocalDate start = threeWorkingDays(officerApi, main);
        int year = start.getYear();
        BigDecimal takenBefore = annual(officerApi, officerStaff, year).get("taken").decimalValue();

        // The officer fills the form: the count follows the dates.
        signIn("officer");
        open("/leave/new");
        new Select(browser.findElement(By.id("f-leaveTypeId"))).selectByVisibleText("Nghỉ phép năm");
        setDate("f-startDate", start);
        setDate("f-endDate", start.plusDays(2));
        new Select(browser.findElement(By.id("f-endPart"))).selectByValue("MORNING");
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(
                ExpectedConditions.textToBePresentInElementLocated(By.id("preview"), "2,5 ngày làm việc"));
        clickAndWaitForNextPage(browser.findElement(By.id("submit-request")));
        String path = URI.create(browser.getCurrentUrl()).getPath();
        assertThat(path).startsWith("/leave/requests/");
        long id = Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
        assertThat(browser.findElement(By.id("request-days")).getText()).isEqualTo("2.5");
        assertThat(browser.findElement(By.id("request-status")).getText()).contains("Chờ duyệt");

        // The supervisor: the inbox count in the navigation, the counter left uncovered and who is free.
        signIn("supervisor");
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(
                d -> !d.findElement(By.id("inbox-count")).getText().isBlank());
        assertThat(Integer.parseInt(browser.findElement(By.id("inbox-count")).getText())).isGreaterThanOrEqualTo(2);
        open("/leave/requests/" + id);
        assertThat(browser.findElements(By.cssSelector("#coverage tbody tr"))).as("the officer's counter sessions").hasSize(5);
        assertThat(browser.findElement(By.id("coverage")).getText()).contains("Chưa có người thay");
        Select substitute = new Select(browser.findElement(By.id("f-substituteStaffId")));
        assertThat(substitute.getOptions()).as("a free colleague of the department").hasSizeGreaterThan(1);
        substitute.selectByIndex(1);
        String substituteName = substitute.getFirstSelectedOption().getText();
        clickAndWaitForNextPage(browser.findElement(By.id("approve")));
        assertThat(browser.findElement(By.id("request-status")).getText()).contains("bước 2/2");
        assertThat(browser.findElement(By.id("chosen-substitute")).getText()).isEqualTo(substituteName.replaceAll(" \\(.*\\)$", ""));

        // The admin, step 2.
        signIn("admin");
        open("/leave/requests/" + id);
        clickAndWaitForNextPage(browser.findElement(By.id("approve")));
        assertThat(browser.findElement(By.id("request-status")).getText()).contains("Đã duyệt");

        // The officer's balance moved by exactly 2.5.
        signIn("officer");
        open("/leave");
        assertThat(browser.findElement(By.cssSelector("#balance-ANNUAL td[data-label='Đã nghỉ']")).getText())
                .isEqualTo(takenBefore.add(new BigDecimal("2.5")).toPlainString());
        assertThat(browser.findElement(By.id("request-" + id)).getText()).contains("Đã duyệt");

        // The roster has the substitute at the officer's counter in all five sessions.
        JsonNode roster = Api.at(APP).loggedInAs("supervisor", PASSWORD)
                .get("/api/roster/range?siteId=" + main + "&from=" + start + "&to=" + start.plusDays(2)).json();
        int substituted = 0;
        for (JsonNode d : roster) {
            for (JsonNode a : d.get("assignments")) {
                if (!a.get("substituted").isNull() && a.get("substituted").get("id").asLong() == officerStaff) {
                    substituted++;
                }
            }
        }
        assertThat(substituted).isEqualTo(5);

        // The team calendar shows the leave with the legend's symbol, and no counter left without an officer.
        signIn("supervisor");
        open("/leave/calendar?month=" + start.toString().substring(0, 7) + "&siteId=" + main);
        WebElement row = browser.findElement(By.id("team-" + officerStaff));
        assertThat(row.getText()).contains("P");
        int column = start.getDayOfMonth();
        assertThat(browser.findElement(By.cssSelector("#uncovered td:nth-of-type(" + column + ")")).getText()).isEmpty();

        // The timesheet: the leave's symbol in the officer's cells of the three days (the third a morning only).
        Api supervisorApi = Api.at(APP).loggedInAs("supervisor", PASSWORD);
        for (int i = 0; i < 3; i++) {
            LocalDate d = start.plusDays(i);
            JsonNode sheet = supervisorApi.get("/api/timesheets/" + d.toString().substring(0, 7) + "?siteId=" + main).json();
            String cell = null;
            for (JsonNode r : sheet.get("rows")) {
                if (r.get("staffId").asLong() == officerStaff) {
                    cell = r.get("cells").get(d.getDayOfMonth() - 1).asText();
                }
            }
            assertThat(cell).as("timesheet cell of %s", d).isEqualTo("P");
        }
        open("/timesheets?month=" + start.toString().substring(0, 7) + "&siteId=" + main);
        assertThat(browser.findElement(By.cssSelector("#row-" + officerStaff + " td.cell[data-day='" + column + "']")).getText())
                .isEqualTo("P");
    }

    @Test
    void aSupervisorDelegatesAndRevokesTheDelegationWithItsButton() {
        signIn("supervisor");
        open("/leave/inbox");
        new Select(browser.findElement(By.id("f-toUserId"))).selectByVisibleText("admin");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        setDate("f-startsOn", today);
        setDate("f-endsOn", today.plusDays(5));
        clickAndWaitForNextPage(browser.findElement(By.id("delegate")));
        long id = (Long) DB.rows("select max(id) as id from leave_delegation").get(0).get("id");
        clickAndWaitForNextPage(browser.findElement(By.id("revoke-" + id)));
        assertThat(browser.findElement(By.cssSelector("p.alert.ok")).getText()).contains("Đã thu hồi ủy quyền");
        assertThat(browser.findElement(By.id("delegation-" + id)).getText()).contains("supervisor → admin", "đã thu hồi");
        assertThat(browser.findElements(By.id("revoke-" + id))).isEmpty();
        assertThat(DB.count("leave_delegation", "id = " + id + " and revoked_at is not null")).isEqualTo(1);
    }

    /** A date at least a week ahead from which three days in a row are working days at the main site. */
    static LocalDate threeWorkingDays(Api api, long site) {
        LocalDate from = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh")).plusWeeks(1);
        JsonNode days = api.get("/api/sites/" + site + "/calendar/days?from=" + from + "&to=" + from.plusDays(40)).json()
                .get("days");
        for (int i = 0; i + 2 < days.size(); i++) {
            if (days.get(i).get("working").asBoolean() && days.get(i + 1).get("working").asBoolean()
                    && days.get(i + 2).get("working").asBoolean()
                    && LocalDate.parse(days.get(i).get("date").asText()).getYear()
                            == LocalDate.parse(days.get(i + 2).get("date").asText()).getYear()) {
                return LocalDate.parse(days.get(i).get("date").asText());
            }
        }
        throw new AssertionError("no three working days in a row in " + days);
    }

    static JsonNode annual(Api api, long staff, int year) {
        for (JsonNode b : api.get("/api/leave/balances?staffId=" + staff + "&year=" + year).json()) {
            if (b.get("leaveTypeCode").asText().equals("ANNUAL")) {
                return b;
            }
        }
        throw new AssertionError("no annual balance");
    }

    static void setDate(String id, LocalDate date) {
        WebElement input = browser.findElement(By.id(id));
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                input, date.toString());
    }

    static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }

    static void signIn(String username) {
        open("/login");
        browser.manage().deleteAllCookies();
        open("/login");
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        clickAndWaitForNextPage(browser.findElement(By.id("login-submit")));
        assertThat(browser.findElements(By.id("logout"))).as("signed in as %s", username).hasSize(1);
    }

    static void clickAndWaitForNextPage(WebElement element) {
        Chromium.clickAndWaitForNextPage(browser, element);
    }
}
