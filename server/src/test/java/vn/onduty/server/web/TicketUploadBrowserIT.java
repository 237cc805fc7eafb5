package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
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
 * The admin's upload of a queue system's CSV export in a real browser, as issue 7's acceptance says it: the file
 * goes through the upload page, its columns are mapped on the page the first time, the preview and the check are
 * read, the import is confirmed and watched to its end, and the dashboard's KPIs for that site and day are the
 * figures worked out by hand from the file; the same file again changes nothing. A file with a bad row names the
 * row and its problem, and nothing of it goes in until the admin chooses to skip that row.
 */
class TicketUploadBrowserIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(TicketUploadBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> TicketUploadBrowserIT.browser);

    static WebDriver browser;
    static Path profile;
    static Path files;
    static long site;
    static String siteName;
    static int counterNumber;

    @BeforeAll
    static void arrange() throws IOException {
        Admins.create(DB, "quantri", "admin-password-1");
        Api admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        Org.Body s = aSite();
        site = s.createdBy(admin);
        siteName = s.get("name").toString();
        Org.Body c = aCounter(site).with("name", "Quầy Hộ tịch").with("services", List.of("Hộ tịch"));
        c.createdBy(admin);
        counterNumber = (Integer) c.get("number");
        profile = Files.createTempDirectory("onduty-chromium-");
        files = Files.createTempDirectory("onduty-upload-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-upload.log"));
        signIn();
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    /**
     * Friday 20/11/2026 at the one counter. Waits of the called tickets: A001 15, A002 25, A003 15 (called, then
     * no-show), A004 5 minutes: 15 on average, 25 the longest. Served: A001, A002 and A004 (an end time, no outcome
     * written). A005 was never called. Ratings 5, 4 and 2 stars: two of three satisfied. Its header names no column
     * of ticket number or issue time the way the guesses know them: the admin maps those on the page.
     */
    static String dayFile() {
        return "STT;Ngày;Dịch vụ;Quầy;Lấy số lúc;Gọi lúc;Kết thúc lúc;Kết quả;Đánh giá\n"
                + "A001;20/11/2026;Hộ tịch;Quầy " + counterNumber + ";07:35;07:50;08:00;Đã phục vụ;5\n"
                + "A002;20/11/2026;Hộ tịch;Quầy " + counterNumber + ";07:40;08:05;08:15;Đã phục vụ;4\n"
                + "A003;20/11/2026;Hộ tịch;Quầy " + counterNumber + ";07:45;08:00;;Vắng mặt;\n"
                + "A004;20/11/2026;Hộ tịch;Quầy " + counterNumber + ";08:10;08:15;08:30;;2\n"
                + "A005;20/11/2026;Hộ tịch;;08:30;;;;\n";
    }

    @Test
    void anUploadedCsvIsMappedCheckedImportedAndShowsInTheKpisAndTheSameFileAgainChangesNothing() throws IOException {
        Path file = write("phieu-20-11.csv", dayFile());
        String source = "Kiosk tầng 1 " + Org.unique();

        openImportsFromTheDashboard();
        upload(file, null, source);

        // A new queue system: the guessed mapping lacks the ticket number and the issue time; the admin picks them.
        assertThat(text("mapping-problems")).contains("Số phiếu: hãy chọn cột chứa thông tin này",
                "Giờ lấy số: hãy chọn cột chứa thông tin này");
        assertThat(browser.findElements(By.id("run-import"))).as("nothing to import before the mapping").isEmpty();
        select("f-col-number", "STT");
        select("f-col-issuedAt", "Lấy số lúc");
        select("f-col-calledAt", "Gọi lúc");
        select("f-col-endedAt", "Kết thúc lúc");
        assertThat(new Select(browser.findElement(By.id("f-col-rating"))).getFirstSelectedOption().getText())
                .as("guessed from the header").isEqualTo("Đánh giá");
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("save-mapping")));

        assertThat(browser.findElements(By.id("mapping-problems"))).isEmpty();
        assertThat(browser.findElements(By.cssSelector("#preview tbody tr"))).hasSize(5);
        assertThat(browser.findElement(By.cssSelector("#preview tbody tr")).getText()).contains("A001", "Hộ tịch");
        assertThat(text("check-summary")).isEqualTo("5 dòng nhập được; 0 dòng có lỗi.");
        assertThat(browser.findElements(By.id("row-problems"))).isEmpty();
        assertThat(text("run-import")).isEqualTo("Nhập 5 dòng");

        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("run-import")));
        assertThat(awaitImportEnd()).isEqualTo("DONE");
        assertThat(text("import-done")).isEqualTo("Đã nhập: 5 phiếu mới, 0 phiếu cập nhật, 0 phiếu không đổi.");

        openDashboard("2026-11-20");
        assertDayKpis();

        // The same file again, from the queue system now known: its mapping is kept, the check is at once.
        openImportsFromTheDashboard();
        upload(file, source, null);
        assertThat(browser.findElements(By.id("mapping-problems"))).isEmpty();
        assertThat(text("check-summary")).isEqualTo("5 dòng nhập được; 0 dòng có lỗi.");
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("run-import")));
        assertThat(awaitImportEnd()).isEqualTo("DONE");
        assertThat(text("import-done")).isEqualTo("Đã nhập: 0 phiếu mới, 0 phiếu cập nhật, 5 phiếu không đổi.");

        openDashboard("2026-11-20");
        assertDayKpis();
        assertThat(DB.count("queue_ticket", "service_date = '2026-11-20'")).isEqualTo(5);
    }

    @Test
    void aBadRowIsNamedWithItsProblemAndNothingGoesInUntilTheAdminSkipsIt() throws IOException {
        String header = "Số phiếu;Ngày;Dịch vụ;Quầy;Giờ lấy số;Giờ gọi;Giờ kết thúc;Kết quả;Đánh giá\n";
        Path file = write("loi-19-11.csv", header
                + "B001;19/11/2026;Hộ tịch;" + counterNumber + ";07:40;07:55;08:05;Đã phục vụ;5\n"
                + "B002;19/11/2026;Hộ tịch;" + counterNumber + ";07:50;08:10;08:20;Đã phục vụ;7\n"
                + "B003;19/11/2026;Hộ tịch;" + counterNumber + ";08:00;08:20;08:30;Đã phục vụ;4\n");

        openImportsFromTheDashboard();
        upload(file, null, "Kiosk tầng 2 " + Org.unique());

        assertThat(text("check-summary")).isEqualTo("2 dòng nhập được; 1 dòng có lỗi.");
        List<WebElement> bad = browser.findElements(By.cssSelector("#row-problems tbody tr"));
        assertThat(bad).hasSize(1);
        assertThat(bad.get(0).getDomAttribute("data-row")).as("the header is row 1, B002 row 3").isEqualTo("3");
        assertThat(bad.get(0).getText()).contains("Đánh giá: ‘7’ không nằm trong khoảng 1 đến 5 sao");

        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("run-import")));

        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
                .contains("Bỏ qua 1 dòng có lỗi");
        assertThat(DB.count("queue_ticket", "service_date = '2026-11-19'")).isZero();
        assertThat(DB.count("ticket_import", "status = 'CHECKED' and file_name = 'loi-19-11.csv'")).isEqualTo(1);

        browser.findElement(By.id("skip-bad")).click();
        assertThat(text("run-import")).isEqualTo("Nhập 2 dòng");
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("run-import")));

        assertThat(awaitImportEnd()).isEqualTo("DONE");
        assertThat(text("import-done")).isEqualTo("Đã nhập: 2 phiếu mới, 0 phiếu cập nhật, 0 phiếu không đổi.");
        assertThat(DB.rows("select number from queue_ticket where service_date = '2026-11-19' order by number"))
                .containsExactly(TestDatabase.row("number", "B001"), TestDatabase.row("number", "B003"));
    }

    // ---- what the admin does ----

    private static void assertDayKpis() {
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Chất lượng phục vụ");
        assertThat(kpi("issued")).isEqualTo("5");
        assertThat(kpi("served")).isEqualTo("3");
        assertThat(kpi("avgWait")).startsWith("15 ");
        assertThat(kpi("maxWait")).isEqualTo("25");
        assertThat(kpi("noShow")).as("A003 of the four with an outcome").isEqualTo("25");
        assertThat(kpi("satisfaction")).matches("66[.,]7 .*").endsWith("3 lượt đánh giá");
    }

    private static void openImportsFromTheDashboard() {
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("nav-quality")));
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("imports")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Nhập phiếu xếp hàng");
    }

    /** Fills the upload form: a known queue system by name, or a new one named. */
    private static void upload(Path file, String knownSource, String newSource) {
        new Select(browser.findElement(By.id("f-siteId"))).selectByVisibleText(siteName);
        if (knownSource != null) {
            new Select(browser.findElement(By.id("f-sourceId"))).selectByVisibleText(knownSource);
        } else {
            new Select(browser.findElement(By.id("f-sourceId"))).selectByValue("");
            browser.findElement(By.id("f-newSource")).sendKeys(newSource);
        }
        browser.findElement(By.id("f-file")).sendKeys(file.toAbsolutePath().toString());
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("upload-file")));
        assertThat(browser.findElement(By.tagName("h1")).getText()).endsWith(file.getFileName().toString());
    }

    /** Waits while the page polls the import's progress; its final state. */
    private static String awaitImportEnd() {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !"RUNNING".equals(
                d.findElement(By.id("progress")).getDomAttribute("data-status")));
        return browser.findElement(By.id("progress")).getDomAttribute("data-status");
    }

    private static void openDashboard(String date) {
        open("/quality?siteId=" + site + "&date=" + date);
    }

    private static String kpi(String name) {
        return browser.findElement(By.cssSelector("#day-kpis dd[data-kpi='" + name + "']")).getText();
    }

    private static String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private static void select(String id, String column) {
        new Select(browser.findElement(By.id(id))).selectByVisibleText(column);
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static void open(String path) {
        browser.get("http://localhost:" + APP.getLocalPort() + path);
    }

    private static void signIn() {
        open("/login");
        browser.findElement(By.id("username")).sendKeys("quantri");
        browser.findElement(By.id("password")).sendKeys("admin-password-1");
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("login-submit")));
        assertThat(browser.findElements(By.id("logout"))).as("signed in").hasSize(1);
    }
}
