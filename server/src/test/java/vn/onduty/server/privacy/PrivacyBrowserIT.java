package vn.onduty.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Chromium;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Events;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * An officer in a real browser: the first sign-in shows the privacy notice, a page opened before acknowledging it
 * reminds them, they acknowledge it, open "Dữ liệu cá nhân của tôi" from the menu and download their data, and the
 * file the browser saved is the archive with their punches in it.
 */
class PrivacyBrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(PrivacyBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> PrivacyBrowserIT.browser);

    static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    static ChromeDriver browser;
    static Path profile;
    static Path downloads;
    static String officer;

    @BeforeAll
    static void arrange() throws IOException {
        Admins.create(DB, "quantri", "admin-password-1");
        Api admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        long site = aSite().createdBy(admin);
        long staff = aStaff(aDepartment().createdBy(admin), site).with("fullName", "Nguyễn Thị Thu").createdBy(admin);
        Org.Body account = anOfficerAccount(staff);
        account.create(admin);
        officer = account.get("username").toString();
        DeviceAgent agent = DeviceAgent.register(APP, admin, site);
        Fingerprints.Sensor sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
        Fingerprints.enroll(admin, agent, sensor, staff, 4, Instant.parse("2026-11-01T01:00:00Z"));
        ZoneId hcm = ZoneId.of("Asia/Ho_Chi_Minh");
        agent.deliver(Events.punch(Events.STREAM, 1, DAY.atTime(7, 31).atZone(hcm).toInstant(), "cua-chinh", 4),
                Events.punch(Events.STREAM, 2, DAY.atTime(17, 2).atZone(hcm).toInstant(), "cua-chinh", 4));

        profile = Files.createTempDirectory("onduty-chromium-");
        downloads = Files.createTempDirectory("onduty-downloads-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-privacy.log"));
        browser.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
        Chromium.quit(null, downloads);
    }

    @Test
    void anOfficerAcknowledgesTheNoticeAndDownloadsTheirData() throws IOException {
        open("/login");
        browser.findElement(By.id("username")).sendKeys(officer);
        browser.findElement(By.id("password")).sendKeys(Org.PASSWORD);
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("login-submit")));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).as("the first sign-in shows the notice").isEqualTo("/me/privacy/notice");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Thông báo về việc xử lý dữ liệu cá nhân");
        assertThat(browser.findElement(By.id("main")).getText()).contains("Mẫu vân tay chỉ nằm trong máy chấm công");

        // Not yet: every page reminds them, and the reminder leads back to the notice.
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("later")));
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.id("privacy-banner")));
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("privacy-banner-link")));
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("acknowledge")));
        assertThat(URI.create(browser.getCurrentUrl()).getPath()).isEqualTo("/");

        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("nav-my-data")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Dữ liệu cá nhân của tôi");
        assertThat(browser.findElement(By.id("acknowledged")).getText()).startsWith("Anh/chị đã xác nhận đọc thông báo này lúc");
        assertThat(browser.findElements(By.id("privacy-banner"))).isEmpty();
        browser.findElement(By.id("download")).click();

        Path zip = new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> saved().orElse(null));
        assertThat(zip.getFileName().toString()).startsWith("du-lieu-ca-nhan-").endsWith(".zip");
        Map<String, byte[]> files = PrivacyIT.unzip(Files.readAllBytes(zip));
        assertThat(new String(files.get("README.txt"), StandardCharsets.UTF_8)).contains("Nguyễn Thị Thu");
        List<JsonNode> punches = PrivacyIT.json(files, "punches.json");
        assertThat(punches).extracting(p -> java.time.OffsetDateTime.parse(p.get("at").asText())
                .atZoneSameInstant(ZoneId.of("Asia/Ho_Chi_Minh")).toLocalTime().toString()).containsExactly("07:31", "17:02");
        assertThat(files).containsKey("tom-tat-summary.xlsx");
    }

    /** The archive once the browser has finished saving it (no partial .crdownload left). */
    static java.util.Optional<Path> saved() {
        try (Stream<Path> files = Files.list(downloads)) {
            List<Path> all = files.toList();
            if (all.stream().anyMatch(p -> p.toString().endsWith(".crdownload"))) {
                return java.util.Optional.empty();
            }
            return all.stream().filter(p -> p.toString().endsWith(".zip")).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }
}
