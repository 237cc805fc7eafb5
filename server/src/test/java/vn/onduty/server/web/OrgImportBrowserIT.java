package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.demo.DemoConfiguration;
import vn.onduty.server.demo.DemoSeeder;
import vn.onduty.server.imports.SheetFile;
import vn.onduty.server.login.PasswordHasher;
import vn.onduty.server.occupancy.OccupancyStore;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Chromium;
import vn.onduty.server.testing.OrgWorkbook;
import vn.onduty.server.testing.ScreenshotOnFailure;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Issue 17's acceptance for the organisation import, in a real browser: on a new installation with only its first
 * administrator, the admin downloads the template from the import page, fills it with the demo organisation (the
 * two sites, twenty departments, forty counters with their services, seventy officers and the three accounts the demo
 * seeds, read from a database the demo seeder filled), uploads it, reads the check, imports it and watches it to its
 * end; the organisation is then exactly the demo's, and the admin downloads the new accounts' initial passwords.
 * The same file again changes nothing.
 */
class OrgImportBrowserIT {

    /** Where the demo seeder puts the demo organisation, as the demo does on its first start. */
    static final TestDatabase DEMO = TestPostgres.freshDatabase(OrgImportBrowserIT.class);
    /** The new installation. */
    static final TestDatabase DB = TestPostgres.freshDatabase(OrgImportBrowserIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    @RegisterExtension
    static final ScreenshotOnFailure EVIDENCE = new ScreenshotOnFailure(() -> OrgImportBrowserIT.browser);

    static ChromeDriver browser;
    static Path profile;
    static Path downloads;

    @BeforeAll
    static void arrange() throws IOException {
        seedTheDemo();
        Admins.create(DB, "quantri", "admin-password-1");
        profile = Files.createTempDirectory("onduty-chromium-");
        downloads = Files.createTempDirectory("onduty-downloads-");
        browser = Chromium.start(profile, ScreenshotOnFailure.DIRECTORY.resolve("chromedriver-org-import.log"));
        browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toAbsolutePath().toString()));
        signIn();
    }

    @AfterAll
    static void quitBrowser() {
        Chromium.quit(browser, profile);
    }

    @Test
    void anAdminImportsTheDemoOrganisationFromTheTemplateAndTheSameFileAgainChangesNothing() throws IOException {
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("nav-org-import")));
        assertThat(text("h1")).isEqualTo("Nhập tổ chức từ tệp");
        browser.findElement(By.id("template")).click();
        Path template = awaitDownload("onduty-to-chuc-mau.xlsx");

        Path filled = downloads.resolve("to-chuc-demo.xlsx");
        Files.write(filled, demoOrganisation(OrgWorkbook.of(Files.readAllBytes(template))).bytes());
        upload(filled);

        assertThat(browser.findElements(By.id("mapping-problems"))).as("the template's sheets are recognised").isEmpty();
        assertThat(outcome()).containsExactly("Điểm phục vụ 2 2 0 0 0", "Đơn vị 20 20 0 0 0", "Quầy 40 40 0 0 0",
                "Cán bộ 70 70 0 0 0", "Tài khoản 3 3 0 0 0");
        assertThat(browser.findElements(By.id("row-problems"))).isEmpty();
        assertThat(text("#run-import")).isEqualTo("Nhập 135 dòng");
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("run-import")));
        String importPage = browser.getCurrentUrl();

        assertThat(awaitImportEnd()).isEqualTo("DONE");
        assertThat(text("#import-done"))
                .isEqualTo("Đã nhập: 135 bản ghi mới, 0 bản ghi cập nhật, 0 bản ghi không đổi, 0 dòng có lỗi bị bỏ qua.");
        assertThat(text("#check-h")).as("the page reloads with the result").isEqualTo("Kết quả nhập");
        for (Map.Entry<String, String> q : ORGANISATION.entrySet()) {
            assertThat(DB.rows(q.getValue())).as(q.getKey()).isEqualTo(DEMO.rows(q.getValue())).isNotEmpty();
        }
        browser.get(url("/admin/staff?q=" + DEMO.rows("select code from staff order by id limit 1").get(0).get("code")));
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains((String) DEMO.rows("select full_name from staff order by id limit 1").get(0).get("full_name"));

        browser.get(importPage);
        browser.findElement(By.id("download-passwords")).click();
        SheetFile.Table passwords = SheetFile.first("p.xlsx", Files.readAllBytes(awaitDownload("onduty-mat-khau-ban-dau-")));
        assertThat(passwords.rows()).extracting(r -> r.get(0)).containsExactlyInAnyOrder("admin", "supervisor", "officer");

        // The same file again: everything is already so.
        Map<String, String> organisation = DB.snapshot(TestDatabase.ORG_TABLES);
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("nav-org-import")));
        upload(filled);
        assertThat(outcome()).containsExactly("Điểm phục vụ 2 0 0 2 0", "Đơn vị 20 0 0 20 0", "Quầy 40 0 0 40 0",
                "Cán bộ 70 0 0 70 0", "Tài khoản 3 0 0 3 0");
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("run-import")));
        assertThat(awaitImportEnd()).isEqualTo("DONE");
        assertThat(text("#import-done"))
                .isEqualTo("Đã nhập: 0 bản ghi mới, 0 bản ghi cập nhật, 135 bản ghi không đổi, 0 dòng có lỗi bị bỏ qua.");
        assertThat(DB.snapshot(TestDatabase.ORG_TABLES)).isEqualTo(organisation);
    }

    /** The organisation as both databases hold it, by what identifies each record (never by id). */
    static final Map<String, String> ORGANISATION = Map.of(
            "sites", "select name, address, time_zone from site order by name",
            "departments", "select code, name from department order by code",
            "counters", """
                    select s.name as site, c.number, c.name, d.code as department, array_to_string(c.services, '|') as services
                      from counter c join site s on s.id = c.site_id left join department d on d.id = c.department_id
                     order by s.name, c.number""",
            "staff", """
                    select t.code, t.full_name, d.code as department, s.name as site, t.position, t.service_start_date,
                           t.email, t.phone
                      from staff t join department d on d.id = t.department_id join site s on s.id = t.home_site_id
                     order by t.code""",
            "accounts", """
                    select u.username, array_to_string(u.roles, '|') as roles, t.code as staff, u.language,
                           (select string_agg(s.name, '|' order by s.name) from user_scope_site x join site s on s.id = x.site_id
                             where x.user_id = u.id) as sites,
                           (select string_agg(d.code, '|' order by d.code) from user_scope_department x
                              join department d on d.id = x.department_id where x.user_id = u.id) as departments
                      from user_account u left join staff t on t.id = u.staff_id
                     where u.username in ('admin', 'supervisor', 'officer') order by u.username""");

    /** The demo organisation written into the template's sheets, as an admin types it in. */
    static OrgWorkbook demoOrganisation(OrgWorkbook book) {
        DEMO.rows("select name, address, time_zone from site order by id").forEach(r -> book.add("Điểm phục vụ",
                Map.of("Tên điểm phục vụ", r.get("name"), "Địa chỉ", r.get("address"), "Múi giờ", r.get("time_zone"))));
        DEMO.rows("select code, name from department order by id").forEach(r -> book.add("Đơn vị",
                Map.of("Mã đơn vị", r.get("code"), "Tên đơn vị", r.get("name"))));
        DEMO.rows("""
                select s.name as site, c.number, c.name, d.code as department, array_to_string(c.services, chr(10)) as services
                  from counter c join site s on s.id = c.site_id left join department d on d.id = c.department_id
                 order by c.id""").forEach(r -> book.add("Quầy", Map.of("Điểm phục vụ", r.get("site"), "Số quầy", r.get("number"),
                "Tên quầy", r.get("name"), "Mã đơn vị", r.get("department"), "Dịch vụ", r.get("services"))));
        DEMO.rows("""
                select t.code, t.full_name, d.code as department, s.name as site, t.position, t.service_start_date,
                       t.email, t.phone
                  from staff t join department d on d.id = t.department_id join site s on s.id = t.home_site_id
                 order by t.id""").forEach(r -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("Mã cán bộ", r.get("code"));
                    row.put("Họ và tên", r.get("full_name"));
                    row.put("Mã đơn vị", r.get("department"));
                    row.put("Điểm phục vụ làm việc", r.get("site"));
                    row.put("Chức vụ", r.get("position"));
                    row.put("Ngày bắt đầu công tác", ((java.sql.Date) r.get("service_start_date")).toLocalDate());
                    row.put("Thư điện tử", r.get("email"));
                    row.put("Điện thoại", r.get("phone"));
                    book.add("Cán bộ", row);
                });
        DEMO.rows("""
                select u.username, u.roles, t.code as staff, u.language,
                       (select string_agg(s.name, '; ') from user_scope_site x join site s on s.id = x.site_id
                         where x.user_id = u.id) as sites,
                       (select string_agg(d.code, '; ') from user_scope_department x
                          join department d on d.id = x.department_id where x.user_id = u.id) as departments
                  from user_account u left join staff t on t.id = u.staff_id order by u.id""").forEach(r -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("Tên đăng nhập", r.get("username"));
                    // As a Vietnamese admin writes the roles.
                    row.put("Vai trò", String.join("; ", Stream.of(roles(r.get("roles")))
                            .map(role -> Map.of("OFFICER", "Cán bộ", "SUPERVISOR", "Lãnh đạo", "ADMIN", "Quản trị").get(role))
                            .toList()));
                    row.put("Mã cán bộ", r.get("staff"));
                    row.put("Phạm vi theo điểm phục vụ", r.get("sites"));
                    row.put("Phạm vi theo đơn vị", r.get("departments"));
                    row.put("Ngôn ngữ", r.get("language"));
                    book.add("Tài khoản", row);
                });
        return book;
    }

    private static String[] roles(Object array) {
        if (array instanceof String[] a) {
            return a;
        }
        try {
            return (String[]) ((java.sql.Array) array).getArray();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The demo seeder on its own database, migrated as the server migrates. */
    static void seedTheDemo() {
        DEMO.migrate();
        AuditLog audit = new AuditLog(DEMO.jdbi(), Jackson.newObjectMapper()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), Clock.systemUTC());
        assertThat(new DemoSeeder(DEMO.jdbi(), new PasswordHasher(4), audit, new DemoConfiguration(), new OccupancyStore(),
                Clock.systemUTC()).seed()).isTrue();
        assertThat(DEMO.count("staff")).isEqualTo(70);
    }

    // ---- what the admin does ----

    private static void upload(Path file) {
        browser.findElement(By.id("f-file")).sendKeys(file.toAbsolutePath().toString());
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("upload-file")));
        assertThat(text("h1")).endsWith(file.getFileName().toString());
    }

    /** The check's (or the result's) table: sheet, rows, new, changed, unchanged, with problems. */
    private static List<String> outcome() {
        return browser.findElements(By.cssSelector("#outcome tbody tr")).stream().map(tr -> {
            List<String> cells = tr.findElements(By.tagName("td")).stream().map(td -> td.getText()).toList();
            return cells.get(0) + " " + String.join(" ", cells.subList(2, cells.size()));
        }).toList();
    }

    /** Waits while the page polls the import's progress; its final state. */
    private static String awaitImportEnd() {
        // htmx swaps the progress element every second, then reloads the page once the import has ended: an element
        // found just before a swap goes stale, and the result is read from the reloaded page.
        return new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(StaleElementReferenceException.class)
                .until(d -> {
                    try {
                        String status = d.findElement(By.id("progress")).getDomAttribute("data-status");
                        boolean result = !d.findElements(By.id("check-h")).isEmpty()
                                && d.findElement(By.id("check-h")).getText().equals("Kết quả nhập");
                        return "FAILED".equals(status) || "DONE".equals(status) && result ? status : null;
                    } catch (org.openqa.selenium.WebDriverException e) {
                        // Asked mid-reload, Chromium answers that the element's node left the document (as
                        // QualityBrowserIT met too): the page is being replaced, ask the new one.
                        if (e.getMessage() != null && e.getMessage().contains("does not belong to the document")) {
                            return null;
                        }
                        throw e;
                    }
                });
    }

    /** The downloaded file whose name starts so, once the browser has finished writing it. */
    private static Path awaitDownload(String prefix) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
            try (Stream<Path> files = Files.list(downloads)) {
                return files.filter(p -> p.getFileName().toString().startsWith(prefix)
                        && p.getFileName().toString().endsWith(".xlsx")).findFirst().orElse(null);
            } catch (IOException e) {
                return null;
            }
        });
    }

    private static String text(String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static String url(String path) {
        return "http://localhost:" + APP.getLocalPort() + path;
    }

    private static void signIn() {
        browser.get(url("/login"));
        browser.findElement(By.id("username")).sendKeys("quantri");
        browser.findElement(By.id("password")).sendKeys("admin-password-1");
        Chromium.clickAndWaitForNextPage(browser, browser.findElement(By.id("login-submit")));
        assertThat(browser.findElements(By.id("logout"))).as("signed in").hasSize(1);
    }
}
