package vn.onduty.server.org;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.TestDatabase.row;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.imports.SheetFile;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.OrgWorkbook;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;
import vn.onduty.server.testing.Tickets;

/**
 * The organisation import through the admin's pages, against the real database: the template's sheets and headers,
 * a filled template creating every kind of record (and the same file again changing nothing, not even the audit
 * log), a changed cell changing its record, bad rows named by sheet, row and column in Vietnamese and kept out until
 * skipped, a CSV of one kind found by its headers, and the initial passwords that let the new accounts sign in.
 */
class OrgImportIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(OrgImportIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final Pattern LOCATION = Pattern.compile("/admin/imports/(\\d+)$");
    static Api admin;
    static Api pages;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        String token = Api.at(APP).login("quantri", "admin-password-1");
        admin = Api.at(APP).as(token);
        pages = Browser.at(APP).as(token);
    }

    @Test
    void theTemplateHasASheetPerKindHeadedInVietnamese() {
        OrgWorkbook template = template();

        assertThat(template.sheets()).containsExactly("Cơ sở", "Đơn vị", "Quầy", "Cán bộ", "Tài khoản", "Hướng dẫn");
        assertThat(template.headers("Cán bộ")).containsExactly("Mã cán bộ", "Họ và tên", "Mã đơn vị", "Cơ sở làm việc",
                "Chức vụ", "Ngày bắt đầu công tác", "Ngày thôi công tác", "Đối tượng", "Ngạch", "Mã ngạch",
                "Hệ số phụ cấp khu vực", "Thư điện tử", "Điện thoại");
        assertThat(template.headers("Quầy")).containsExactly("Cơ sở", "Số quầy", "Tên quầy", "Mã đơn vị", "Dịch vụ");
        assertThat(template.headers("Tài khoản")).containsExactly("Tên đăng nhập", "Vai trò", "Mã cán bộ",
                "Phạm vi theo cơ sở", "Phạm vi theo đơn vị", "Ngôn ngữ");
        Reply anonymous = Browser.at(APP).get("/admin/imports/template.xlsx");
        assertThat(anonymous.status()).as("admins only: the others are sent to sign in").isEqualTo(303);
        assertThat(anonymous.header("Location").orElseThrow()).contains("/login");
    }

    @Test
    void aFilledTemplateCreatesEveryKindAndTheSameFileAgainChangesNothing() {
        int n = Org.unique();
        String site = "Trung tâm Phục vụ hành chính công " + n;
        OrgWorkbook file = template()
                .add("Cơ sở", Map.of("Tên cơ sở", site, "Địa chỉ", n + " Lê Lợi, Huế"))
                .add("Đơn vị", Map.of("Mã đơn vị", "tp" + n, "Tên đơn vị", "Sở Tư pháp " + n))
                .add("Đơn vị", Map.of("Mã đơn vị", "XD" + n, "Tên đơn vị", "Sở Xây dựng " + n))
                .add("Quầy", Map.of("Cơ sở", site, "Số quầy", 1, "Tên quầy", "Quầy 1 – Tư pháp", "Mã đơn vị", "TP" + n,
                        "Dịch vụ", "Chứng thực bản sao; Cấp phiếu lý lịch tư pháp"))
                .add("Quầy", Map.of("Cơ sở", site, "Số quầy", 2, "Tên quầy", "Quầy 2 – Tiếp nhận chung"))
                .add("Cán bộ", staffRow("CB" + n, "Trần Thị Bình", "TP" + n, site, LocalDate.of(2015, 3, 1)))
                .add("Cán bộ", staffRow("CC" + n, "Lê Văn Cường", "XD" + n, site, LocalDate.of(2021, 9, 15)))
                .add("Tài khoản", Map.of("Tên đăng nhập", "binh" + n, "Vai trò", "Cán bộ", "Mã cán bộ", "CB" + n))
                .add("Tài khoản", Map.of("Tên đăng nhập", "lanhdao" + n, "Vai trò", "Lãnh đạo; Cán bộ",
                        "Mã cán bộ", "CC" + n, "Phạm vi theo cơ sở", site, "Phạm vi theo đơn vị", "TP" + n + "; XD" + n,
                        "Ngôn ngữ", "en"));
        byte[] bytes = file.bytes();
        long auditBefore = DB.count("audit_event");

        long first = upload("to-chuc.xlsx", bytes);
        JsonNode check = report(first);
        assertThat(counts(check)).as("the check, before anything is imported").containsExactly(
                List.of("Cơ sở", 1, 1, 0, 0, 0), List.of("Đơn vị", 2, 2, 0, 0, 0), List.of("Quầy", 2, 2, 0, 0, 0),
                List.of("Cán bộ", 2, 2, 0, 0, 0), List.of("Tài khoản", 2, 2, 0, 0, 0));
        assertThat(DB.count("audit_event")).as("a check changes nothing").isEqualTo(auditBefore);
        assertThat(DB.count("staff", "code = 'CB" + n + "'")).isZero();

        run(first, false);
        assertThat(awaitFinished(first)).isEqualTo("DONE");

        assertThat(DB.rows("select code, name from department where code in (?, ?) order by code", "TP" + n, "XD" + n))
                .containsExactly(row("code", "TP" + n, "name", "Sở Tư pháp " + n), row("code", "XD" + n, "name", "Sở Xây dựng " + n));
        assertThat(DB.rows("""
                select c.number, c.name, d.code, array_to_string(c.services, '|') as services
                  from counter c join site s on s.id = c.site_id left join department d on d.id = c.department_id
                 where s.name = ? order by c.number""", site)).containsExactly(
                row("number", 1, "name", "Quầy 1 – Tư pháp", "code", "TP" + n,
                        "services", "Chứng thực bản sao|Cấp phiếu lý lịch tư pháp"),
                row("number", 2, "name", "Quầy 2 – Tiếp nhận chung", "code", null, "services", ""));
        assertThat(DB.rows("""
                select s.full_name, d.code, h.name as site, s.position, s.service_start_date, s.email, s.phone
                  from staff s join department d on d.id = s.department_id join site h on h.id = s.home_site_id
                 where s.code = ?""", "CB" + n)).containsExactly(row("full_name", "Trần Thị Bình", "code", "TP" + n,
                "site", site, "position", "Chuyên viên", "service_start_date", java.sql.Date.valueOf("2015-03-01"),
                "email", "cb" + n + "@hue.gov.vn", "phone", "0234 3822 " + n));
        JsonNode supervisor = account("lanhdao" + n);
        assertThat(supervisor.get("roles").toString()).isEqualTo("[\"OFFICER\",\"SUPERVISOR\"]");
        assertThat(supervisor.get("scopeSiteIds")).hasSize(1);
        assertThat(supervisor.get("scopeDepartmentIds")).hasSize(2);
        assertThat(supervisor.get("language").asText()).isEqualTo("en");
        assertThat(DB.count("audit_event", "action = 'staff.create' and after->>'code' = 'CB" + n + "'")).isEqualTo(1);
        assertThat(DB.count("audit_event", "action = 'org_import.run' and entity_id = '" + first + "'")).isEqualTo(1);
        assertThat(pages.get("/admin/imports/" + first).body()).contains("id=\"import-done\"",
                "Đã nhập: 9 bản ghi mới, 0 bản ghi cập nhật, 0 bản ghi không đổi, 0 dòng có lỗi bị bỏ qua.");

        Map<String, String> organisation = DB.snapshot(TestDatabase.ORG_TABLES);
        long again = upload("to-chuc.xlsx", bytes);
        assertThat(counts(report(again))).containsExactly(
                List.of("Cơ sở", 1, 0, 0, 1, 0), List.of("Đơn vị", 2, 0, 0, 2, 0), List.of("Quầy", 2, 0, 0, 2, 0),
                List.of("Cán bộ", 2, 0, 0, 2, 0), List.of("Tài khoản", 2, 0, 0, 2, 0));
        run(again, false);
        assertThat(awaitFinished(again)).isEqualTo("DONE");
        assertThat(DB.snapshot(TestDatabase.ORG_TABLES)).as("the same file again: no record and no audit event changes")
                .isEqualTo(organisation);

        // One cell changed: that record, and only it, changes (audited as an edit on the staff page would be).
        byte[] changed = template()
                .add("Cán bộ", staffRow("CB" + n, "Trần Thị Bình", "TP" + n, site, LocalDate.of(2015, 3, 1)))
                .add("Cán bộ", Map.of("Mã cán bộ", "CC" + n, "Họ và tên", "Lê Văn Cường", "Mã đơn vị", "XD" + n,
                        "Cơ sở làm việc", site, "Chức vụ", "Chuyên viên chính"))
                .bytes();
        long third = upload("can-bo.xlsx", changed);
        assertThat(counts(report(third))).containsExactly(List.of("Cán bộ", 2, 0, 1, 1, 0));
        run(third, false);
        assertThat(awaitFinished(third)).isEqualTo("DONE");
        assertThat(DB.rows("select position, email, service_start_date from staff where code = ?", "CC" + n))
                .as("columns the file leaves empty are cleared; the file had these columns")
                .containsExactly(row("position", "Chuyên viên chính", "email", null, "service_start_date", null));
        assertThat(DB.count("audit_event", "action = 'staff.update' and entity_id = (select cast(id as text) from staff"
                + " where code = 'CC" + n + "')")).isEqualTo(1);
    }

    @Test
    void badRowsAreNamedBySheetRowAndColumnInVietnameseAndGoInOnlyWhenSkipped() {
        int n = Org.unique();
        String site = aSiteNamed("Cơ sở kiểm tra " + n);
        byte[] bytes = template()
                .add("Đơn vị", Map.of("Mã đơn vị", "VP" + n, "Tên đơn vị", "Văn phòng " + n))
                .add("Đơn vị", Map.of("Mã đơn vị", "VP" + n, "Tên đơn vị", "Văn phòng trùng " + n))
                .add("Cán bộ", staffRow("OK" + n, "Phạm Minh Đức", "VP" + n, site, LocalDate.of(2010, 1, 4)))
                .add("Cán bộ", staffRow("NO" + n, "Ngô Thu Hà", "KHONGCO", site, LocalDate.of(2012, 5, 2)))
                .add("Cán bộ", Map.of("Mã cán bộ", "DT" + n, "Họ và tên", "Vũ Hải Nam", "Mã đơn vị", "VP" + n,
                        "Cơ sở làm việc", site, "Ngày bắt đầu công tác", "31/02/2019"))
                .add("Cán bộ", Map.of("Mã cán bộ", "EM" + n, "Họ và tên", "Đỗ Lan", "Mã đơn vị", "VP" + n,
                        "Cơ sở làm việc", site, "Thư điện tử", "khong-phai-thu"))
                .add("Tài khoản", Map.of("Tên đăng nhập", "ha" + n, "Vai trò", "Cán bộ", "Mã cán bộ", "NO" + n))
                .bytes();
        String englishToken = tokenIn("en");
        Map<String, String> before = DB.snapshot(TestDatabase.ORG_TABLES);

        long id = upload("loi.xlsx", bytes);
        String page = pages.get("/admin/imports/" + id).body();

        assertThat(problemRows(page)).containsExactly(
                "Đơn vị|3|Mã đơn vị|‘VP" + n + "’ đã có ở dòng 2 của bảng này",
                "Cán bộ|3|Mã đơn vị|không có đơn vị mã ‘KHONGCO’, trong hệ thống hay ở bảng Đơn vị của tệp",
                "Cán bộ|4|Ngày bắt đầu công tác|‘31/02/2019’ không phải là ngày (ví dụ 2019-03-01 hoặc 01/03/2019)",
                "Cán bộ|5|Thư điện tử|không phải địa chỉ thư điện tử hợp lệ",
                "Tài khoản|2|Mã cán bộ|không có cán bộ mã ‘NO" + n + "’, trong hệ thống hay ở bảng Cán bộ của tệp");
        String english = Browser.at(APP).as(englishToken).get("/admin/imports/" + id).body();
        assertThat(english).contains("there is no department with the code ‘KHONGCO’");

        Reply refused = run(id, false);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Bỏ qua 5 dòng có lỗi");
        assertThat(DB.snapshot(TestDatabase.ORG_TABLES)).as("nothing stored before the admin skips the bad rows")
                .isEqualTo(before);

        run(id, true);
        assertThat(awaitFinished(id)).isEqualTo("DONE");
        assertThat(DB.rows("select code from staff where code like ? order by code", "%" + n))
                .containsExactly(row("code", "OK" + n));
        assertThat(DB.rows("select name from department where code = ?", "VP" + n)).containsExactly(row("name", "Văn phòng " + n));
        assertThat(DB.count("user_account", "username = 'ha" + n + "'")).isZero();
    }

    @Test
    void aCsvOfOneKindIsRecognisedByItsEnglishHeaders() {
        int n = Org.unique();
        String csv = "Department code;Department name\nQ" + n + ";Ban Quản lý " + n + "\n";

        long id = upload("departments.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(counts(report(id))).containsExactly(List.of("departments.csv", 1, 1, 0, 0, 0));
        run(id, false);

        assertThat(awaitFinished(id)).isEqualTo("DONE");
        assertThat(DB.rows("select name from department where code = ?", "Q" + n)).containsExactly(row("name", "Ban Quản lý " + n));
    }

    @Test
    void newAccountsHaveNoPasswordUntilTheAdminMakesInitialOnesWhichSignIn() throws IOException {
        int n = Org.unique();
        String site = aSiteNamed("Cơ sở mật khẩu " + n);
        byte[] bytes = template()
                .add("Đơn vị", Map.of("Mã đơn vị", "MK" + n, "Tên đơn vị", "Sở Nội vụ " + n))
                .add("Cán bộ", staffRow("MK" + n, "Hoàng Thanh Tâm", "MK" + n, site, LocalDate.of(2018, 6, 1)))
                .add("Tài khoản", Map.of("Tên đăng nhập", "tam" + n, "Vai trò", "Cán bộ", "Mã cán bộ", "MK" + n))
                .bytes();
        long id = upload("mat-khau.xlsx", bytes);
        run(id, false);
        assertThat(awaitFinished(id)).isEqualTo("DONE");
        assertThat(Api.at(APP).anonymous().post("/api/auth/login", Map.of("username", "tam" + n, "password", "!no-password"))
                .status()).as("no password signs in to a new account").isEqualTo(401);
        assertThat(pages.get("/admin/imports/" + id).body()).contains("id=\"download-passwords\"");

        HttpResponse<byte[]> sheet = pages.downloadPost("/admin/imports/" + id + "/passwords", "");

        assertThat(sheet.statusCode()).isEqualTo(200);
        SheetFile.Table passwords = SheetFile.first("passwords.xlsx", sheet.body());
        assertThat(passwords.header()).containsExactly("Tên đăng nhập", "Họ và tên", "Mật khẩu ban đầu");
        assertThat(passwords.rows()).hasSize(1);
        assertThat(passwords.rows().get(0).subList(0, 2)).containsExactly("tam" + n, "Hoàng Thanh Tâm");
        String password = passwords.rows().get(0).get(2);
        assertThat(password).matches("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}");
        assertThat(Api.at(APP).login("tam" + n, password)).startsWith("ses_");
        assertThat(DB.count("audit_event", "action = 'account.password_reset' and after->>'initialPassword' = 'true'"
                + " and entity_id = (select cast(id as text) from user_account where username = 'tam" + n + "')")).isEqualTo(1);
    }

    // ---- helpers ----

    static Map<String, Object> staffRow(String code, String name, String department, String site, LocalDate start) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("Mã cán bộ", code);
        row.put("Họ và tên", name);
        row.put("Mã đơn vị", department);
        row.put("Cơ sở làm việc", site);
        row.put("Chức vụ", "Chuyên viên");
        row.put("Ngày bắt đầu công tác", start);
        row.put("Thư điện tử", code.toLowerCase() + "@hue.gov.vn");
        row.put("Điện thoại", "0234 3822 " + code.replaceAll("\\D", ""));
        return row;
    }

    static String aSiteNamed(String name) {
        Org.aSite().with("name", name).createdBy(admin);
        return name;
    }

    static OrgWorkbook template() {
        HttpResponse<byte[]> r = pages.download("/admin/imports/template.xlsx");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.openxmlformats");
        return OrgWorkbook.of(r.body());
    }

    static long upload(String fileName, byte[] content) {
        Tickets.Multipart m = Tickets.multipart(Map.of(), "file", fileName, content);
        Reply r = pages.sendBytes("POST", "/admin/imports", m.contentType(), m.body());
        assertThat(r.status()).as("%s", r).isEqualTo(303);
        Matcher id = LOCATION.matcher(r.headers().firstValue("Location").orElseThrow());
        assertThat(id.find()).isTrue();
        return Long.parseLong(id.group(1));
    }

    static Reply run(long id, boolean skipBad) {
        return pages.postRaw("/admin/imports/" + id + "/run", "application/x-www-form-urlencoded",
                skipBad ? Browser.form("skipBad", "true") : "");
    }

    static JsonNode report(long id) {
        try {
            return Api.JSON.readTree((String) DB.rows("select cast(report as text) as r from org_import where id = ?", id)
                    .get(0).get("r"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Per table of a report: name, rows, created, updated, unchanged, bad. */
    static List<List<Object>> counts(JsonNode report) {
        List<List<Object>> out = new java.util.ArrayList<>();
        report.get("tables").forEach(t -> out.add(List.of(t.get("table").asText(), t.get("rows").asInt(),
                t.get("created").asInt(), t.get("updated").asInt(), t.get("unchanged").asInt(), t.get("bad").asInt())));
        return out;
    }

    /** The report's problem table as "sheet|row|column|problem" lines. */
    static List<String> problemRows(String page) {
        Matcher m = Pattern.compile("<tr data-table=\"[^\"]*\" data-row=\"\\d+\"><td>([^<]*)</td><td>(\\d+)</td>\\s*"
                + "<td>([^<]*)</td><td>([^<]*)</td></tr>").matcher(page);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + "|" + m.group(2) + "|" + m.group(3) + "|" + m.group(4));
        }
        return out;
    }

    static JsonNode account(String username) {
        return admin.get("/api/accounts?q=" + username).json().get("items").get(0);
    }

    /** A second admin whose pages are in the given language. */
    static String tokenIn(String language) {
        String username = "quantri" + language + Org.unique();
        Org.anAdminAccount().with("username", username).with("language", language).createdBy(admin);
        return Api.at(APP).login(username, Org.PASSWORD);
    }

    static String status(long id) {
        return (String) DB.rows("select status from org_import where id = ?", id).get(0).get("status");
    }

    /** Waits (at most a minute) for the background import to end, as the page's polling does. */
    static String awaitFinished(long id) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            String s = status(id);
            if (s.equals("DONE") || s.equals("FAILED")) {
                return s;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return status(id);
    }
}
