package vn.onduty.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The admin record forms as a browser posts them: a created record leads to its page with the banner, a field
 * left wrong shows the form again (422) with the typed values and the reason beside the field, a rule the
 * database holds shows the form again with the reason on top, and nothing refused is stored.
 */
class AdminFormsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(AdminFormsIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String PASSWORD = "admin-password-1";
    static Api admin;
    static Session pages;
    static long site;
    static long department;

    @BeforeAll
    static void signIn() {
        Admins.create(DB, "quantri", PASSWORD);
        admin = Api.at(APP).loggedInAs("quantri", PASSWORD);
        String cookie = Browser.session(APP, "quantri", PASSWORD);
        pages = new Session(Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + cookie), Browser.csrfToken(APP, cookie));
        site = aSite().createdBy(admin);
        department = aDepartment().createdBy(admin);
    }

    /** A signed-in browser: its session cookie, and the CSRF token its forms carry. */
    record Session(Api browser, String csrf) {
        Reply form(String path, String... pairs) {
            String[] all = Arrays.copyOf(pairs, pairs.length + 2);
            all[pairs.length] = "_csrf";
            all[pairs.length + 1] = csrf;
            return browser.postRaw(path, "application/x-www-form-urlencoded", Browser.form(all));
        }

        Reply page(String path) {
            Reply r = browser.get(path);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            return r;
        }
    }

    /** The id in a redirect to {@code path/<id>?done=what}, insisting on that shape. */
    static long redirectedTo(Reply r, String path, String done) {
        assertThat(r.status()).as("%s", r).isEqualTo(303);
        String location = r.header("Location").orElseThrow();
        assertThat(location).matches(".*" + path + "/\\d+\\?done=" + done);
        return Long.parseLong(location.replaceAll(".*" + path + "/(\\d+)\\?done=.*", "$1"));
    }

    @Test
    void siteIsCreatedEditedDeactivatedAndReactivatedThroughItsForm() {
        assertThat(pages.page("/admin/sites/new").body()).contains("Asia/Ho_Chi_Minh", "name=\"_csrf\"");

        Reply blank = pages.form("/admin/sites", "name", " ", "address", "12 Lê Lợi, Huế", "timeZone", "Asia/Ho_Chi_Minh");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).contains("id=\"e-name\"", "không được để trống", "value=\"12 Lê Lợi, Huế\"");
        assertThat(DB.count("site", "address = '12 Lê Lợi, Huế'")).isZero();

        String name = "Bộ phận một cửa phường Phú Hội " + Org.unique();
        long id = redirectedTo(pages.form("/admin/sites", "name", name, "address", "12 Lê Lợi, Huế",
                "timeZone", "Asia/Ho_Chi_Minh"), "/admin/sites", "created");
        assertThat(pages.page("/admin/sites/" + id + "?done=created").body()).contains("Đã tạo mới.", name);

        Reply taken = pages.form("/admin/sites", "name", name, "timeZone", "Asia/Ho_Chi_Minh");
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).contains("role=\"alert\"", "Đã có điểm phục vụ với tên này.");
        assertThat(DB.count("site", "name = '" + name + "'")).isEqualTo(1);

        Reply wrongEdit = pages.form("/admin/sites/" + id, "name", "", "address", "Địa chỉ mới");
        assertThat(wrongEdit.status()).isEqualTo(422);
        assertThat(wrongEdit.body()).contains("id=\"e-name\"", "value=\"Địa chỉ mới\"", "/admin/sites/" + id + "/deactivate");
        redirectedTo(pages.form("/admin/sites/" + id, "name", name + " (mới)", "address", "Địa chỉ mới",
                "timeZone", "Asia/Bangkok"), "/admin/sites", "saved");
        assertThat(DB.count("site", "id = " + id + " and name = '" + name + " (mới)' and time_zone = 'Asia/Bangkok'"))
                .isEqualTo(1);

        redirectedTo(pages.form("/admin/sites/" + id + "/deactivate"), "/admin/sites", "deactivated");
        assertThat(DB.count("site", "id = " + id + " and not active")).isEqualTo(1);
        redirectedTo(pages.form("/admin/sites/" + id + "/reactivate"), "/admin/sites", "reactivated");
        assertThat(DB.count("site", "id = " + id + " and active")).isEqualTo(1);
        assertThat(pages.browser().get("/admin/sites/999999").status()).isEqualTo(404);
    }

    @Test
    void departmentCodeUsedTwiceIsRefusedBesideTheTypedForm() {
        String code = "SNV" + Org.unique();
        long id = redirectedTo(pages.form("/admin/departments", "code", code, "name", "Sở Nội vụ " + code),
                "/admin/departments", "created");
        Reply again = pages.form("/admin/departments", "code", code, "name", "Sở khác " + code);
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.body()).contains("Đã có cơ quan, đơn vị với mã này.", "value=\"Sở khác " + code + "\"");
        assertThat(DB.count("department", "code = '" + code + "'")).isEqualTo(1);
        redirectedTo(pages.form("/admin/departments/" + id, "code", code, "name", "Sở Nội vụ tỉnh"),
                "/admin/departments", "saved");
        assertThat(pages.page("/admin/departments/" + id + "?done=saved").body()).contains("Đã lưu thay đổi.", "Sở Nội vụ tỉnh");
    }

    @Test
    void counterFormKeepsTheSitePickedAndRefusesAMissingNumber() {
        assertThat(pages.page("/admin/counters/new?siteId=" + site).body()).contains("value=\"" + site + "\" selected");
        Reply noNumber = pages.form("/admin/counters", "siteId", String.valueOf(site), "name", "Quầy thiếu số",
                "services", "Chứng thực\nHộ tịch");
        assertThat(noNumber.status()).isEqualTo(422);
        assertThat(noNumber.body()).contains("id=\"e-number\"", "value=\"Quầy thiếu số\"", "Chứng thực\nHộ tịch");
        int number = Org.unique();
        long id = redirectedTo(pages.form("/admin/counters", "siteId", String.valueOf(site), "number", String.valueOf(number),
                "name", "Quầy " + number, "departmentId", String.valueOf(department)), "/admin/counters", "created");
        redirectedTo(pages.form("/admin/counters/" + id, "siteId", String.valueOf(site), "number", String.valueOf(number),
                "name", "Quầy đổi tên " + number), "/admin/counters", "saved");
        assertThat(DB.count("counter", "id = " + id + " and name = 'Quầy đổi tên " + number + "' and department_id is null"))
                .isEqualTo(1);
        redirectedTo(pages.form("/admin/counters/" + id + "/deactivate"), "/admin/counters", "deactivated");
    }

    @Test
    void agentTokenIsShownOnceInTheAnswerToTheFormThatCreatedIt() {
        Reply created = pages.form("/admin/agents", "siteId", String.valueOf(site), "name", "Máy trạm " + Org.unique());
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        assertThat(created.body()).contains("Đã tạo máy trạm và mã truy cập", "agt_");
        assertThat(created.header("Cache-Control").orElseThrow()).contains("no-store");
        String token = created.body().replaceAll("(?s).*<textarea id=\"token\"[^>]*>([^<]+)</textarea>.*", "$1");
        assertThat(token).startsWith("agt_").doesNotContain("<");
        long id = (Long) DB.rows("select max(id) as id from device_agent").get(0).get("id");
        assertThat(pages.page("/admin/agents/" + id).body()).doesNotContain(token).doesNotContain("id=\"token\"");

        Reply noSite = pages.form("/admin/agents", "name", "Máy không nơi đặt");
        assertThat(noSite.status()).isEqualTo(422);
        assertThat(noSite.body()).contains("id=\"e-siteId\"", "value=\"Máy không nơi đặt\"").doesNotContain("id=\"token\"");
        redirectedTo(pages.form("/admin/agents/" + id, "siteId", String.valueOf(site), "name", "Máy trạm tầng 1"),
                "/admin/agents", "saved");
        assertThat(DB.count("device_agent", "id = " + id + " and name = 'Máy trạm tầng 1'")).isEqualTo(1);
    }

    @Test
    void staffFormSaysADateThatIsNotADateAndStoresThePostCategory() {
        String code = "CB" + Org.unique();
        Reply badDate = pages.form("/admin/staff", "code", code, "fullName", "Lê Thị Hoa", "departmentId",
                String.valueOf(department), "homeSiteId", String.valueOf(site), "serviceStartDate", "31/02/2020");
        assertThat(badDate.status()).isEqualTo(422);
        assertThat(badDate.body()).contains("id=\"e-serviceStartDate\"", "không phải ngày hợp lệ", "value=\"Lê Thị Hoa\"");
        assertThat(DB.count("staff", "code = '" + code + "'")).isZero();

        long id = redirectedTo(pages.form("/admin/staff", "code", code, "fullName", "Lê Thị Hoa", "departmentId",
                String.valueOf(department), "homeSiteId", String.valueOf(site), "serviceStartDate", "2020-02-03",
                "postCategory", "HEAVY"), "/admin/staff", "created");
        assertThat(DB.count("staff", "id = " + id + " and post_category = 'HEAVY'")).isEqualTo(1);

        long other = aStaff(department, site).createdBy(admin);
        Reply taken = pages.form("/admin/staff/" + other, "code", code, "fullName", "Người khác", "departmentId",
                String.valueOf(department), "homeSiteId", String.valueOf(site));
        assertThat(taken.status()).isEqualTo(422);
        assertThat(taken.body()).contains("Đã có cán bộ với mã này.", "value=\"Người khác\"");
    }

    @Test
    void accountFormAsksForAUsernameAndAPasswordOnlyWhenCreating() {
        Reply missing = pages.form("/admin/accounts", "password", "ngan", "roles", "ADMIN", "language", "vi");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.body()).contains("id=\"e-username\"", "id=\"e-password\"").doesNotContain("value=\"ngan\"");

        String username = "giamsat" + Org.unique();
        long id = redirectedTo(pages.form("/admin/accounts", "username", username, "password", "mat-khau-du-dai-1",
                "roles", "SUPERVISOR", "scopeSiteIds", String.valueOf(site), "language", "vi"), "/admin/accounts", "created");
        redirectedTo(pages.form("/admin/accounts/" + id, "roles", "SUPERVISOR", "roles", "OFFICER",
                "staffId", String.valueOf(aStaff(department, site).createdBy(admin)), "language", "en"), "/admin/accounts", "saved");
        assertThat(DB.count("user_account", "id = " + id + " and language = 'en' and staff_id is not null")).isEqualTo(1);

        Reply noRoles = pages.form("/admin/accounts/" + id, "language", "vi");
        assertThat(noRoles.status()).isEqualTo(422);
        assertThat(noRoles.body()).contains("id=\"e-roles\"");
        assertThat(DB.count("user_account", "id = " + id + " and language = 'en'")).as("nothing of it stored").isEqualTo(1);
    }

    @Test
    void cameraFormShownAgainNeverCarriesThePasswordBack() {
        Reply noUrl = pages.form("/admin/cameras", "siteId", String.valueOf(site), "name", "Camera sảnh B",
                "username", "quan-sat", "password", "mat-khau-camera-bi-mat", "timeoutSeconds", "5", "enabled", "on");
        assertThat(noUrl.status()).isEqualTo(422);
        assertThat(noUrl.body()).contains("id=\"e-url\"", "value=\"Camera sảnh B\"")
                .doesNotContain("mat-khau-camera-bi-mat").doesNotContain("quan-sat");

        long id = redirectedTo(pages.form("/admin/cameras", "siteId", String.valueOf(site), "name", "Camera sảnh B",
                "url", "rtsp://10.0.0.5/sub", "password", "mat-khau-camera-bi-mat", "timeoutSeconds", "5", "enabled", "on"),
                "/admin/cameras", "created");
        Reply badEdit = pages.form("/admin/cameras/" + id + "/edit", "name", "", "url", "rtsp://10.0.0.5/sub",
                "password", "mat-khau-moi-bi-mat", "timeoutSeconds", "5");
        assertThat(badEdit.status()).isEqualTo(422);
        assertThat(badEdit.body()).contains("id=\"e-name\"").doesNotContain("mat-khau-moi-bi-mat");
        redirectedTo(pages.form("/admin/cameras/" + id + "/edit", "name", "Camera sảnh B2", "url", "rtsp://10.0.0.5/sub",
                "timeoutSeconds", "5", "enabled", "on"), "/admin/cameras", "saved");
        assertThat(DB.count("camera", "id = " + id + " and name = 'Camera sảnh B2' and password_sealed is not null"))
                .as("a blank password keeps the stored one").isEqualTo(1);
    }
}
