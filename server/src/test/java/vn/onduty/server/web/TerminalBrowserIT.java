package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Chromium;
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.Terminal;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * A terminal the whole way in a real browser: a ZKTeco-family terminal nobody knows calls in and pushes two officers'
 * punches of this morning; the admin finds it among the terminals waiting for adoption, adopts it for the site, maps
 * its two PINs to the officers on its page, and both officers' punches are on "Hôm nay".
 */
class TerminalBrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(TerminalBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> TerminalBrowserIT.browser);

    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    static final String PASSWORD = "admin-password-1";
    static WebDriver browser;
    static Path profile;
    static Api admin;
    static long site;
    static String siteName;
    static long lan;
    static long hung;

    @BeforeAll
    static void arrange() throws IOException {
        Admins.create(DB, "quantri", PASSWORD);
        admin = Api.at(APP).loggedInAs("quantri", PASSWORD);
        JsonNode created = aSite().create(admin).json();
        site = created.get("id").asLong();
        siteName = created.get("name").asText();
        long department = aDepartment().createdBy(admin);
        lan = aStaff(department, site).with("fullName", "Nguyễn Thị Lan").createdBy(admin);
        hung = aStaff(department, site).with("fullName", "Lê Văn Hùng").createdBy(admin);
        // Open every day from midnight to midnight, so that whenever the test runs its punches fall in a session.
        List<Map<String, Object>> week = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")) {
            week.add(Map.of("weekday", day, "part", "MORNING", "start", "00:00", "end", "12:00"));
            week.add(Map.of("weekday", day, "part", "AFTERNOON", "start", "12:00", "end", "23:59"));
        }
        var calendar = admin.put("/api/sites/" + site + "/calendar", Map.of("lateGraceMinutes", 5,
                "earlyLeaveGraceMinutes", 5, "punchInBeforeMinutes", 60, "punchOutAfterMinutes", 120, "sessions", week,
                "seasons", List.of(), "dutySaturdays", List.of()));
        assertThat(calendar.status()).as("%s", calendar).isEqualTo(200);
        profile = Files.createTempDirectory("onduty-chromium-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-terminals.log"));
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    @Test
    void anAdminAdoptsAWaitingTerminalMapsTwoPinsAndTheOfficersPunchesAreOnToday() {
        LocalDate today = LocalDate.now(ZONE);
        JsonNode day = admin.get("/api/sites/" + site + "/calendar/days?from=" + today + "&to=" + today).json()
                .get("days").get(0);
        Assumptions.assumeTrue(day.get("open").asBoolean(), "today is a public holiday: no session to punch in");

        // The terminal calls in for the first time and pushes this morning's punches of its users 501 and 502.
        Terminal terminal = Terminal.at(APP, Terminal.newSerialNumber());
        Terminal.ok(terminal.handshake());
        LocalDateTime now = LocalDateTime.now(ZONE).truncatedTo(ChronoUnit.SECONDS);
        LocalDateTime lanAt = now.minusMinutes(2);
        LocalDateTime hungAt = now.minusMinutes(1);
        assertThat(Terminal.ok(terminal.upload("ATTLOG", "2", Terminal.attlog("501", lanAt, 0) + "\n"
                + Terminal.attlog("502", hungAt, 0) + "\n"))).isEqualTo("OK: 2\n");
        long id = (Long) DB.rows("select id from terminal where serial_number = ?", terminal.serialNumber()).get(0).get("id");

        signIn();
        open("/admin/sensors");
        clickAndWaitForNextPage(browser.findElement(By.linkText("Máy chấm công qua mạng (ADMS)")));
        WebElement waiting = browser.findElement(By.id("waiting-" + id));
        assertThat(waiting.getText()).contains(terminal.serialNumber(), "127.0.0.1");
        new Select(browser.findElement(By.id("site-" + id))).selectByVisibleText(siteName);
        browser.findElement(By.id("name-" + id)).sendKeys("Máy sảnh chính");
        clickAndWaitForNextPage(browser.findElement(By.id("adopt-" + id)));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/admin/terminals/" + id);
        assertThat(browser.findElement(By.cssSelector("p.alert.ok")).getText()).contains("Đã tiếp nhận máy");
        assertThat(browser.findElement(By.id("terminal-facts")).getText()).contains(siteName, "Hoạt động bình thường");

        mapPin("501", lan);
        mapPin("502", hung);
        assertThat(browser.findElement(By.cssSelector("#pin-501 .officer")).getText()).contains("Nguyễn Thị Lan");
        assertThat(browser.findElement(By.cssSelector("#pin-502 .officer")).getText()).contains("Lê Văn Hùng");

        open("/today?siteId=" + site);
        DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm:ss");
        assertThat(browser.findElement(By.cssSelector("#board tr[data-staff='" + lan + "']")).getText())
                .contains("Nguyễn Thị Lan", lanAt.format(time));
        assertThat(browser.findElement(By.cssSelector("#board tr[data-staff='" + hung + "']")).getText())
                .contains("Lê Văn Hùng", hungAt.format(time));
    }

    private static void mapPin(String pin, long staffId) {
        new Select(browser.findElement(By.id("map-" + pin))).selectByValue(String.valueOf(staffId));
        clickAndWaitForNextPage(browser.findElement(By.id("map-button-" + pin)));
        assertThat(browser.findElement(By.cssSelector("p.alert.ok")).getText()).contains("Đã gán mã PIN");
    }

    static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }

    static void signIn() {
        open("/login");
        browser.manage().deleteAllCookies();
        open("/login");
        browser.findElement(By.id("username")).sendKeys("quantri");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        clickAndWaitForNextPage(browser.findElement(By.id("login-submit")));
        assertThat(browser.findElements(By.id("logout"))).as("signed in").hasSize(1);
    }

    static void clickAndWaitForNextPage(WebElement element) {
        Chromium.clickAndWaitForNextPage(browser, element);
    }
}
