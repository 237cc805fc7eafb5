package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.Chromium;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Jpegs;
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The camera setup and the live board in a real browser: the admin asks for a snapshot, the agent
 * uploads a real JPEG, the admin draws a counter's seat on it with the mouse and saves the zone; then
 * the agent reports the seat occupied, later empty, and the live board shows each state.
 */
class CameraBrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CameraBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> CameraBrowserIT.browser);

    static final String PASSWORD = "mat-khau-quan-tri-1";
    static final String CALIBRATION_REQUESTED = "Đã yêu cầu máy trạm hiệu chuẩn vùng.";

    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        Admins.create(DB, "quantri", PASSWORD);
        profile = Files.createTempDirectory("onduty-chromium-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-camera.log"));
        browser.manage().window().setSize(new Dimension(1280, 1000));
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    @Test
    void adminDrawsAZoneOnTheSnapshotAndTheLiveBoardFollowsTheAgent() {
        Api admin = Api.at(APP).loggedInAs("quantri", PASSWORD);
        long site = aSite().createdBy(admin);
        long counter = aCounter(site).with("number", 4).with("name", "Quầy 4 – Tư pháp").createdBy(admin);
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        long camera = Cameras.create(admin, Cameras.aCamera(site));

        signIn();
        open("/admin/cameras/" + camera);
        clickAndWaitForNextPage(browser.findElement(By.id("request-snapshot")));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("Đã yêu cầu máy trạm chụp ảnh.");

        // The agent picks the command up and uploads the frame; the page's live box sees it done.
        JsonNode command = agent.api().get("/api/agent/commands").json().get("commands").get(0);
        assertThat(command.get("type").asText()).isEqualTo("camera_snapshot");
        assertThat(agent.api().sendBytes("PUT", "/api/agent/cameras/" + camera + "/snapshot?commandId="
                + command.get("id").asLong(), "image/jpeg", Jpegs.counters(640, 360)).status()).isEqualTo(204);
        new WebDriverWait(browser, Duration.ofSeconds(15)).ignoring(StaleElementReferenceException.class).until(d ->
                d.findElement(By.id("command-" + command.get("id").asLong())).getText().contains("Hoàn tất"));
        // htmx has stopped swapping the finished box: its link leads back to the page, now with the snapshot.
        clickAndWaitForNextPage(browser.findElement(By.id("command-" + command.get("id").asLong())).findElement(By.tagName("a")));

        WebElement image = browser.findElement(By.id("snapshot"));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d ->
                (Boolean) ((JavascriptExecutor) d).executeScript("return arguments[0].complete && arguments[0].naturalWidth === 640", image));
        new Select(browser.findElement(By.id("f-counterId"))).selectByVisibleText("4 · Quầy 4 – Tư pháp");
        // The seat: x 0.05..0.20, y 0.30..0.80 of the image, clicked corner by corner.
        WebElement canvas = browser.findElement(By.id("zone-canvas"));
        // In view before measuring: a scroll between measuring and clicking would shift every click.
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", canvas);
        int w = canvas.getRect().getWidth();
        int h = canvas.getRect().getHeight();
        for (double[] p : new double[][] {{0.05, 0.30}, {0.20, 0.30}, {0.20, 0.80}, {0.05, 0.80}}) {
            new Actions(browser).moveToElement(canvas, (int) Math.round((p[0] - 0.5) * w), (int) Math.round((p[1] - 0.5) * h))
                    .click().perform();
        }
        assertThat(browser.findElements(By.cssSelector("#zone-canvas circle.vertex"))).hasSize(4);
        clickAndWaitForNextPage(browser.findElement(By.id("save-zone")));

        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).startsWith("Đã lưu vùng.");
        assertThat(browser.findElement(By.id("zones")).getText()).contains("4 · Quầy 4 – Tư pháp", "Chưa hiệu chuẩn");
        JsonNode zone = admin.get("/api/cameras/" + camera).json().get("zones").get(0);
        assertThat(zone.get("counterId").asLong()).isEqualTo(counter);
        List<double[]> expected = List.of(new double[] {0.05, 0.30}, new double[] {0.20, 0.30}, new double[] {0.20, 0.80},
                new double[] {0.05, 0.80});
        for (int i = 0; i < 4; i++) {
            assertThat(zone.get("polygon").get(i).get(0).asDouble()).as("x of point %s", i).isCloseTo(expected.get(i)[0],
                    org.assertj.core.data.Offset.offset(0.01));
            assertThat(zone.get("polygon").get(i).get(1).asDouble()).as("y of point %s", i).isCloseTo(expected.get(i)[1],
                    org.assertj.core.data.Offset.offset(0.01));
        }
        long zoneId = zone.get("id").asLong();

        // The seat is empty in the snapshot: the admin takes it as the zone's empty-seat reference.
        clickAndWaitForNextPage(browser.findElement(By.cssSelector("#zone-" + zoneId + " button.calibrate-snapshot")));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).startsWith(CALIBRATION_REQUESTED);
        JsonNode calibrate = agent.api().get("/api/agent/commands").json().get("commands").get(0);
        assertThat(calibrate.get("type").asText()).isEqualTo("calibrate_zone");
        assertThat(calibrate.get("zoneId").asLong()).isEqualTo(zoneId);
        assertThat(calibrate.get("snapshotId").asLong()).isEqualTo(
                admin.get("/api/agent-commands/" + command.get("id").asLong()).json().get("result").get("snapshotId").asLong());

        Instant now = Instant.now();
        agent.heartbeat(Cameras.heartbeat(now, camera));
        agent.deliver(Cameras.occupancy(camera, 1, now.minusSeconds(30), zoneId, counter, "occupied", null));
        open("/occupancy?siteId=" + site);
        WebElement card = browser.findElement(By.id("counter-" + counter));
        assertThat(card.getDomAttribute("data-state")).isEqualTo("occupied");
        assertThat(card.getText()).contains("Quầy 4", "Có người");

        agent.heartbeat(Cameras.heartbeat(Instant.now(), camera));
        agent.deliver(Cameras.occupancy(camera, 2, Instant.now(), zoneId, counter, "empty", null));
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(StaleElementReferenceException.class).until(d ->
                "empty".equals(d.findElement(By.id("counter-" + counter)).getDomAttribute("data-state")));
        assertThat(browser.findElement(By.id("counter-" + counter)).getText()).contains("Trống");
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).as("refreshed in place").isEqualTo("/occupancy");
    }

    /**
     * A supervisor's browser set to another time zone (America/Los_Angeles, 15 hours behind the site) still sees
     * the site's day: the timeline's axis runs 00:00 to 24:00 of Asia/Ho_Chi_Minh and a stretch that began at
     * 08:00 there starts at the axis' 08:00, as the table beside it says.
     */
    @Test
    void theTimelineShowsTheSitesClockInABrowserOfAnotherTimeZone() {
        Api admin = Api.at(APP).loggedInAs("quantri", PASSWORD);
        long site = aSite().createdBy(admin);
        long counter = aCounter(site).with("number", 7).with("name", "Quầy 7 – Đất đai").createdBy(admin);
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        long camera = Cameras.create(admin, Cameras.aCamera(site));
        long zone = Cameras.zone(admin, camera, counter, Cameras.seat(0));
        // 24 November 2026 at the site (UTC+7): occupied 08:00-10:00, empty 10:00-13:30, occupied 13:30-17:30.
        assertThat(agent.deliver(
                Cameras.occupancy(camera, 1, Instant.parse("2026-11-24T01:00:00Z"), zone, counter, "occupied", null),
                Cameras.occupancy(camera, 2, Instant.parse("2026-11-24T03:00:00Z"), zone, counter, "empty", null),
                Cameras.occupancy(camera, 3, Instant.parse("2026-11-24T06:30:00Z"), zone, counter, "occupied", null),
                Cameras.occupancy(camera, 4, Instant.parse("2026-11-24T10:30:00Z"), zone, counter, "unknown",
                        "stream_lost")).status()).isEqualTo(200);
        ChromeDriver chrome = (ChromeDriver) browser;
        chrome.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", "America/Los_Angeles"));
        try {
            signedOut();
            signIn();
            open("/occupancy/timeline?counterId=" + counter + "&date=2026-11-24");
            JavascriptExecutor js = (JavascriptExecutor) browser;
            assertThat(js.executeScript("return Intl.DateTimeFormat().resolvedOptions().timeZone"))
                    .as("the browser really is in another zone").isEqualTo("America/Los_Angeles");
            assertThat(browser.findElement(By.cssSelector("#intervals tbody tr td")).getText()).isEqualTo("08:00:00");

            new WebDriverWait(browser, Duration.ofSeconds(15)).until(d ->
                    !d.findElements(By.cssSelector("#timeline-chart svg text")).isEmpty());
            @SuppressWarnings("unchecked")
            List<List<Object>> labels = (List<List<Object>>) js.executeScript(
                    "return Array.from(document.querySelectorAll('#timeline-chart svg text'))"
                    + ".filter(t => /^\\d\\d:\\d\\d$/.test(t.textContent))"
                    + ".map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left + r.width / 2]; });");
            // Left to right; the day's end, 24:00, also reads 00:00: the first one is its start.
            Map<String, Double> x = new java.util.LinkedHashMap<>();
            labels.stream().sorted(java.util.Comparator.comparingDouble(l -> ((Number) l.get(1)).doubleValue()))
                    .forEach(l -> x.putIfAbsent((String) l.get(0), ((Number) l.get(1)).doubleValue()));
            assertThat(x).as("axis labels of the site's day").containsKeys("00:00", "08:00", "12:00", "16:00");
            assertThat(x.keySet()).as("the day begins at the left").first().isEqualTo("00:00");
            double hour = (x.get("12:00") - x.get("00:00")) / 12;
            assertThat(x.get("16:00") - x.get("08:00")).as("evenly spaced").isCloseTo(8 * hour,
                    org.assertj.core.data.Offset.offset(1.0));
            // The occupied bars (wider than the legend's icon), left to right.
            @SuppressWarnings("unchecked")
            List<Number> bars = (List<Number>) js.executeScript(
                    "return Array.from(document.querySelectorAll('#timeline-chart svg path'))"
                    + ".filter(p => /1e7b34|rgb\\(30, ?123, ?52\\)/i.test(p.getAttribute('fill') || ''))"
                    + ".map(p => p.getBoundingClientRect()).filter(r => r.width > 40)"
                    + ".map(r => r.left).sort((a, b) => a - b);");
            assertThat(bars).hasSize(2);
            assertThat(bars.get(0).doubleValue()).as("the first stretch starts at the axis' 08:00")
                    .isCloseTo(x.get("08:00"), org.assertj.core.data.Offset.offset(hour / 6));
            assertThat(bars.get(1).doubleValue()).as("the second at 13:30")
                    .isCloseTo(x.get("12:00") + 1.5 * hour, org.assertj.core.data.Offset.offset(hour / 6));
        } finally {
            chrome.executeCdpCommand("Emulation.setTimezoneOverride", Map.of("timezoneId", ""));
            signedOut();
        }
    }

    /** Whatever another test left: no session, so that signIn() finds the login form. */
    private static void signedOut() {
        open("/login");
        browser.manage().deleteAllCookies();
    }

    private static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }

    private static void signIn() {
        open("/login");
        browser.findElement(By.id("username")).sendKeys("quantri");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        clickAndWaitForNextPage(browser.findElement(By.id("login-submit")));
    }

    private static void clickAndWaitForNextPage(WebElement element) {
        Chromium.clickAndWaitForNextPage(browser, element);
    }
}
