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
