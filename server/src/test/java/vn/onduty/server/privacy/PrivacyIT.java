package vn.onduty.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Cameras.aCamera;
import static vn.onduty.server.testing.Cameras.occupancy;
import static vn.onduty.server.testing.Cameras.seat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Events;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;
import vn.onduty.server.testing.Tickets;

/**
 * Personal data, against the real application and database: the notice at sign-in until acknowledged, the officer's
 * archive (everything about them, nothing of a colleague), the read audit of each view of other officers' records,
 * and anonymisation of an officer who left, after which nothing in any column of any table names them.
 *
 * <p>One center: officers Bình (the one whose data is exported), Nam (a colleague at the same counter) and Hùng (who
 * left and is anonymised), with a week of November 2026 recorded the way the devices and people record it: punches,
 * a roster, counter presence from a camera, a correction, sick leave with its note, a ticket and a filed timesheet.
 */
class PrivacyIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(PrivacyIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    /** A Tuesday of a week with no holiday. */
    static final LocalDate DAY = LocalDate.of(2026, 11, 24);
    static final byte[] SICK_NOTE = "%PDF-1.4 Giấy chứng nhận nghỉ việc hưởng BHXH".getBytes(StandardCharsets.UTF_8);

    static Api admin;
    static Api supervisor;
    static String supervisorName;
    static long site;
    static long counter;
    static long binh;
    static long nam;
    static long hung;
    static String binhUser;
    static String hungUser;
    static Map<String, Object> hungRecord;
    static long binhLeave;
    static DeviceAgent agent;
    static long seq;

    static Instant at(LocalDate day, String time) {
        return day.atTime(LocalTime.parse(time)).atZone(HCM).toInstant();
    }

    @BeforeAll
    static void aWeekOfACenter() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().with("name", "Trung tâm PVHCC (cơ sở Riêng tư)").createdBy(admin);
        long department = aDepartment().createdBy(admin);
        counter = aCounter(site).with("number", 7).with("name", "Quầy Tư pháp").createdBy(admin);
        binh = aStaff(department, site).with("fullName", "Trần Thị Bình").with("code", "CB7001")
                .with("email", "binh.tt@hue.gov.vn").with("phone", "0234 3822 701").createdBy(admin);
        nam = aStaff(department, site).with("fullName", "Hoàng Văn Nam").with("code", "CB7002").createdBy(admin);
        hung = aStaff(department, site).with("fullName", "Lê Quang Hùng").with("code", "CB7003").with("serviceStartDate", "2004-09-01")
                .with("email", "hung.lq@hue.gov.vn").with("phone", "0234 3822 703").createdBy(admin);
        Org.Body binhAccount = anOfficerAccount(binh).with("username", "binh.tt");
        binhAccount.create(admin);
        binhUser = "binh.tt";
        anOfficerAccount(nam).with("username", "nam.hv").create(admin);
        anOfficerAccount(hung).with("username", "hung.lq").create(admin);
        hungUser = "hung.lq";
        Org.Body sup = aSupervisorAccount(List.of(site), List.of()).with("username", "lanhdao.ttp");
        sup.create(admin);
        supervisorName = "lanhdao.ttp";
        supervisor = Api.at(APP).loggedInAs(supervisorName, Org.PASSWORD);

        // Fingerprints and a week of punches.
        agent = DeviceAgent.register(APP, admin, site);
        Fingerprints.Sensor sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
        Fingerprints.enroll(admin, agent, sensor, binh, 1, at(DAY.minusDays(30), "08:00"));
        Fingerprints.enroll(admin, agent, sensor, nam, 2, at(DAY.minusDays(30), "08:01"));
        Fingerprints.enroll(admin, agent, sensor, hung, 3, at(DAY.minusDays(30), "08:02"));
        List<Map<String, Object>> punches = new ArrayList<>();
        for (int slot = 1; slot <= 3; slot++) {
            for (String time : List.of("07:28", "11:35", "13:25", "17:05")) {
                punches.add(Events.punch(Events.STREAM, ++seq, at(DAY, time).plusSeconds(slot), "cua-chinh", slot));
            }
        }
        agent.deliver(punches);

        // The roster of the week, as it was (a template of the past cannot be made through the API any more).
        DB.jdbi().useHandle(h -> {
            long template = h.createQuery("insert into roster_template (site_id, valid_from, valid_until, note)"
                            + " values (?, ?, ?, 'Tuần 48') returning id")
                    .bind(0, site).bind(1, DAY.minusDays(1)).bind(2, DAY.plusDays(5)).mapTo(Long.class).one();
            h.execute("insert into roster_template_slot (template_id, counter_id, weekday, part, staff_id) values"
                    + " (?, ?, 2, 'MORNING', ?), (?, ?, 2, 'AFTERNOON', ?), (?, ?, 5, 'MORNING', ?)",
                    template, counter, binh, template, counter, nam, template, counter, hung);
        });
        // Counter presence from a camera: someone at the counter most of the day.
        long camera = Cameras.create(admin, aCamera(site));
        long zone = Cameras.zone(admin, camera, counter, seat(0));
        agent.deliver(
                occupancy(camera, 1, at(DAY, "07:00"), zone, counter, "empty", null),
                occupancy(camera, 2, at(DAY, "07:40"), zone, counter, "occupied", null),
                occupancy(camera, 3, at(DAY, "09:00"), zone, counter, "empty", null),
                occupancy(camera, 4, at(DAY, "09:20"), zone, counter, "occupied", null),
                occupancy(camera, 5, at(DAY, "15:00"), zone, counter, "empty", null));

        // A correction, sick leave with its note, a ticket: Bình's; a colleague's note that mentions Hùng.
        Api binhApi = Api.at(APP).loggedInAs(binhUser, Org.PASSWORD);
        assertThat(binhApi.post("/api/attendance/corrections", Map.of("date", DAY.plusDays(1).toString(),
                "kind", "OFFICIAL_BUSINESS", "parts", "MORNING", "reason", "Họp tại Sở Tư pháp")).status()).isEqualTo(201);
        Map<String, Object> leave = new LinkedHashMap<>();
        leave.put("staffId", binh);
        leave.put("leaveTypeId", leaveType("SICK"));
        leave.put("startDate", DAY.plusDays(2).toString());
        leave.put("endDate", DAY.plusDays(2).toString());
        leave.put("reason", "Sốt xuất huyết");
        leave.put("attachment", Map.of("fileName", "giay-om.pdf", "contentType", "application/pdf",
                "base64", Base64.getEncoder().encodeToString(SICK_NOTE)));
        binhLeave = admin.post("/api/leave/requests", leave).id();
        assertThat(supervisor.post("/api/leave/requests/" + binhLeave + "/approve", Map.of("step", 1, "comment", "Đồng ý"))
                .status()).isEqualTo(200);
        assertThat(admin.post("/api/tickets", Tickets.batch(site, List.of(Tickets.with(
                Tickets.ticket("A101", at(DAY, "08:02")), "counterNumber", 7, "officerCode", "CB7001",
                "calledAt", at(DAY, "08:10"), "endedAt", at(DAY, "08:20"), "outcome", "SERVED", "rating", 5,
                "ratingScale", "STARS5")))).status()).isEqualTo(200);
        Api namApi = Api.at(APP).loggedInAs("nam.hv", Org.PASSWORD);
        assertThat(namApi.post("/api/attendance/corrections", Map.of("date", DAY.plusDays(3).toString(),
                "kind", "OFFICIAL_BUSINESS", "parts", "MORNING",
                "reason", "Đổi ca với anh Lê Quang Hùng (CB7003)")).status()).isEqualTo(201);
        Api hungApi = Api.at(APP).loggedInAs(hungUser, Org.PASSWORD);
        assertThat(hungApi.post("/api/attendance/corrections", Map.of("date", DAY.toString(),
                "kind", "MISSING_PUNCH", "outTime", "17:30", "reason", "Con ốm phải về sớm, gọi 0234 3822 703")).status())
                .isEqualTo(201);
        assertThat(supervisor.post("/api/roster/changes", Map.of("counterId", counter, "date", DAY.plusDays(3).toString(),
                "part", "MORNING", "kind", "SUBSTITUTION", "staffId", nam, "replacedStaffId", hung,
                "reason", "Anh Hùng đi khám bệnh")).status()).isEqualTo(201);
        Api.at(APP).post("/api/auth/login", Map.of("username", hungUser, "password", "nhầm-mật-khẩu"));

        // November is filed: the signed timesheet keeps every officer's figures.
        assertThat(supervisor.post("/api/timesheets/2026-11/lock?siteId=" + site, null).status()).isEqualTo(200);
        hungRecord = DB.rows("select * from staff where id = ?", hung).get(0);
    }

    static long leaveType(String code) {
        for (JsonNode t : admin.get("/api/leave/types").json()) {
            if (t.get("code").asText().equals(code)) {
                return t.get("id").asLong();
            }
        }
        throw new AssertionError("no leave type " + code);
    }

    // ---- the notice ----

    @Test
    void theNoticeSaysHowLongEachKindIsKeptAsTheRetentionSettingsSayNow() {
        // English: another test here gives the Vietnamese notice an administrator's own text.
        String before = admin.get("/api/privacy/notice?lang=en").json().get("text").asText();
        assertThat(before).contains("- Login attempts and sessions: 90 days", "- Audit log: 1,825 days")
                .doesNotContain("{retentionPeriods}");
        assertThat(admin.put("/api/retention/LOGINS", Map.of("days", 45)).status()).isEqualTo(200);
        try {
            assertThat(admin.get("/api/privacy/notice?lang=en").json().get("text").asText())
                    .contains("- Login attempts and sessions: 45 days");
        } finally {
            assertThat(admin.put("/api/retention/LOGINS", Map.of("days", 90)).status()).isEqualTo(200);
        }
    }

    @Test
    void theFirstWebSignInShowsTheNoticeUntilTheOfficerAcknowledgesIt() {
        long staff = aStaff(aDepartment().createdBy(admin), site).with("fullName", "Phan Thị Mới").createdBy(admin);
        anOfficerAccount(staff).with("username", "moi.pt").create(admin);

        Reply first = Browser.login(APP, "moi.pt", Org.PASSWORD, "/leave");
        assertThat(first.status()).isEqualTo(303);
        String location = first.header("Location").orElseThrow();
        assertThat(location).contains("/me/privacy/notice?next=");
        assertThat(URLDecoder.decode(location.substring(location.indexOf("next=") + 5), StandardCharsets.UTF_8)).isEqualTo("/leave");

        String session = first.cookieValue("ONDUTY_SESSION").orElseThrow();
        Api browser = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session);
        Reply notice = browser.get("/me/privacy/notice?next=%2Fleave");
        assertThat(notice.status()).isEqualTo(200);
        assertThat(notice.body()).contains("Mẫu vân tay chỉ nằm trong máy chấm công", "Không lưu hình ảnh hay video",
                "Văn phòng Trung tâm, người quản trị OnDuty", "id=\"acknowledge\"");
        assertThat(browser.get("/me/privacy/banner?next=%2F").body()).contains("id=\"privacy-banner\"");
        Api api = Api.at(APP).loggedInAs("moi.pt", Org.PASSWORD);
        assertThat(api.get("/api/me/privacy/notice/acknowledgement").json().get("acknowledgedAt").isNull()).isTrue();

        Reply ack = browser.postRaw("/me/privacy/notice", "application/x-www-form-urlencoded",
                Browser.form("_csrf", Browser.csrfToken(APP, session), "next", "/leave"));
        assertThat(ack.status()).isEqualTo(303);
        assertThat(ack.header("Location").orElseThrow()).endsWith("/leave");
        assertThat(DB.count("privacy_notice_ack", "user_id = (select id from user_account where username = 'moi.pt')"))
                .isEqualTo(1);
        assertThat(api.get("/api/me/privacy/notice/acknowledgement").json().get("acknowledgedAt").isNull()).isFalse();
        assertThat(browser.get("/me/privacy/banner?next=%2F").body()).doesNotContain("privacy-banner");
        assertThat(Browser.login(APP, "moi.pt", Org.PASSWORD, "/leave").header("Location").orElseThrow()).endsWith("/leave");
        assertThat(api.post("/api/me/privacy/notice/acknowledge", null).status()).as("twice changes nothing").isEqualTo(200);
        assertThat(DB.count("privacy_notice_ack", "user_id = (select id from user_account where username = 'moi.pt')"))
                .isEqualTo(1);
        assertThat(Browser.login(APP, "quantri", "admin-password-1", "/leave").header("Location").orElseThrow())
                .as("an administrator with no staff record is owed no notice").endsWith("/leave");

        // A changed notice is a new version, acknowledged again; the admin's own text, its placeholders filled in.
        Reply changed = admin.put("/api/privacy/notice", Map.of("controller", "Trung tâm PVHCC tỉnh Thừa Thiên Huế",
                "contact", "Chị Lê Thị Hoa, Văn phòng, 0234 3822 000", "anonymiseAfterMonths", 120,
                "textVi", "## Thông báo\n{controller} lưu giờ chấm công {retention}.\n- Liên hệ: {contact}"));
        assertThat(changed.status()).as("%s", changed).isEqualTo(200);
        assertThat(Browser.login(APP, "moi.pt", Org.PASSWORD, "/leave").header("Location").orElseThrow())
                .contains("/me/privacy/notice");
        JsonNode vi = api.get("/api/privacy/notice?lang=vi").json();
        assertThat(vi.get("text").asText()).isEqualTo("## Thông báo\nTrung tâm PVHCC tỉnh Thừa Thiên Huế lưu giờ chấm công"
                + " 120 tháng.\n- Liên hệ: Chị Lê Thị Hoa, Văn phòng, 0234 3822 000");
        assertThat(api.get("/api/privacy/notice?lang=en").json().get("text").asText())
                .as("English keeps the default").contains("Trung tâm PVHCC tỉnh Thừa Thiên Huế uses OnDuty", "120 months");
        assertThat(DB.count("audit_event", "action = 'privacy_notice.update'")).isEqualTo(1);
        Reply bad = admin.put("/api/privacy/notice", Map.of("controller", " ", "contact", "x", "anonymiseAfterMonths", -1));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("controller", "anonymiseAfterMonths");
    }

    // ---- the archive ----

    @Test
    void theOfficersArchiveHoldsEverythingAboutThemAndNothingOfAColleague() throws IOException {
        HttpResponse<byte[]> download = Api.at(APP).loggedInAs(binhUser, Org.PASSWORD).download("/api/me/personal-data");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValue("Content-Type").orElseThrow()).isEqualTo("application/zip");
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).contains("du-lieu-ca-nhan-CB7001-");
        Map<String, byte[]> zip = unzip(download.body());

        for (String file : PersonalData.files()) {
            if (!file.endsWith("/")) {
                assertThat(zip).as("the archive has " + file).containsKey(file);
            }
        }
        assertThat(zip).containsKeys("README.txt", "tom-tat-summary.xlsx");
        assertThat(zip.get("leave_attachments/" + binhLeave + "-giay-om.pdf")).isEqualTo(SICK_NOTE);

        String everything = text(zip);
        assertThat(everything).contains("Trần Thị Bình").doesNotContain("Hoàng Văn Nam", "Lê Quang Hùng", "CB7002",
                "password_hash", "token_hash", "csrf_token", "$2a$");
        assertThat(json(zip, "punches.json")).hasSize(4).allSatisfy(p -> assertThat(p.get("staff_id").asLong()).isEqualTo(binh));
        assertThat(json(zip, "staff.json").get(0).get("email").asText()).isEqualTo("binh.tt@hue.gov.vn");
        assertThat(json(zip, "account.json").get(0).get("username").asText()).isEqualTo(binhUser);
        assertThat(json(zip, "corrections.json")).extracting(c -> c.get("reason").asText()).containsExactly("Họp tại Sở Tư pháp");
        JsonNode request = json(zip, "leave_requests.json").get(0);
        assertThat(request.get("reason").asText()).isEqualTo("Sốt xuất huyết");
        assertThat(request.get("decisions").get(0).get("decided_by_account").asText()).isEqualTo(supervisorName);
        assertThat(request.get("attachment").get("in_archive").asText()).isEqualTo("leave_attachments/" + binhLeave + "-giay-om.pdf");
        assertThat(json(zip, "attendance_days.json")).isNotEmpty()
                .allSatisfy(d -> assertThat(d.get("staff_id").asLong()).isEqualTo(binh));
        assertThat(json(zip, "queue_tickets.json")).extracting(t -> t.get("number").asText()).containsExactly("A101");
        assertThat(json(zip, "roster.json")).extracting(r -> r.get("kind").asText() + " " + r.get("part").asText())
                .containsExactly("template_slot MORNING");
        JsonNode filed = json(zip, "timesheets_filed.json").get(0);
        assertThat(filed.get("month").asText()).isEqualTo("2026-11");
        assertThat(filed.get("row").get("staffId").asLong()).isEqualTo(binh);

        // Presence: the counter's intervals of Tuesday morning (07:30-11:30), when Bình staffed it; not Nam's afternoon.
        assertThat(json(zip, "presence.json")).extracting(p -> p.get("state").asText() + " "
                + Instant.parse(p.get("from").asText()).atZone(HCM).toLocalTime() + "-"
                + Instant.parse(p.get("to").asText()).atZone(HCM).toLocalTime()).containsExactly(
                "empty 07:30-07:40", "occupied 07:40-09:00", "empty 09:00-09:20", "occupied 09:20-11:30");

        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(zip.get("tom-tat-summary.xlsx")))) {
            Sheet punches = book.getSheet("Chấm công - Punches");
            assertThat(punches.getLastRowNum()).isEqualTo(4);
            assertThat(punches.getRow(1).getCell(0).getStringCellValue()).isEqualTo("24/11/2026");
            assertThat(punches.getRow(1).getCell(1).getStringCellValue()).isEqualTo("07:28:01");
            assertThat(book.getSheet("Hiện diện - Presence").getLastRowNum()).isEqualTo(4);
            assertThat(book.getSheet("Tổng quan - Summary").getRow(1).getCell(1).getStringCellValue()).isEqualTo("Trần Thị Bình");
        }
        assertThat(DB.count("audit_event", "action = 'personal_data.download' and entity_id = '" + binh + "'")).isEqualTo(1);
    }

    @Test
    void aSupervisorExportsAnOfficersDataOnlyOnTheirRequestAndItIsAudited() throws IOException {
        Reply noReason = supervisor.post("/api/privacy/staff/" + nam + "/export", Map.of("reason", " "));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body()).contains("reason");
        long before = reads(nam, "read.personal_data_export");
        HttpResponse<byte[]> made = postForBytes(Api.at(APP).login(supervisorName, Org.PASSWORD),
                "/api/privacy/staff/" + nam + "/export", "{\"reason\": \"Đơn đề nghị ngày 01/12/2026\"}");
        assertThat(made.statusCode()).isEqualTo(200);
        Map<String, byte[]> zip = unzip(made.body());
        assertThat(json(zip, "staff.json").get(0).get("full_name").asText()).isEqualTo("Hoàng Văn Nam");
        assertThat(text(zip)).doesNotContain("Trần Thị Bình");
        assertThat(reads(nam, "read.personal_data_export")).isEqualTo(before + 1);
        assertThat(DB.rows("select e.after ->> 'label' as label from audit_event e where e.action = 'read.personal_data_export'"
                + " and e.entity_id = ?", "staff=" + nam)).extracting(r -> r.get("label")).contains("Đơn đề nghị ngày 01/12/2026");
        Org.Body other = aSupervisorAccount(List.of(aSite().createdBy(admin)), List.of());
        other.create(admin);
        Api outsider = Api.at(APP).loggedInAs(other.get("username").toString(), Org.PASSWORD);
        assertThat(outsider.post("/api/privacy/staff/" + nam + "/export", Map.of("reason", "x")).status()).isEqualTo(404);
    }

    // ---- who read whose records ----

    @Test
    void eachViewOfAnotherOfficersRecordsIsAuditedOnceNamingThem() {
        Api pages = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, supervisorName, Org.PASSWORD));
        Map<String, String> views = new LinkedHashMap<>();
        views.put("/timesheets?month=2026-11&siteId=" + site, "read.timesheet");
        views.put("/api/timesheets/2026-11?siteId=" + site + "&format=xlsx", "read.timesheet");
        views.put("/today?siteId=" + site, "read.attendance_today");
        views.put("/attendance/lateness?siteId=" + site + "&month=2026-11", "read.lateness");
        views.put("/api/attendance/monthly?staffId=" + binh + "&month=2026-11", "read.attendance_month");
        views.put("/api/attendance/daily?date=" + DAY + "&siteId=" + site, "read.attendance_day");
        views.put("/api/punches?from=" + DAY + "&to=" + DAY + "&staffId=" + binh, "read.punches");
        views.put("/occupancy/timeline?counterId=" + counter + "&date=" + DAY, "read.presence_timeline");
        views.put("/api/leave/requests/" + binhLeave + "/attachment", "read.leave_attachment");
        for (Map.Entry<String, String> view : views.entrySet()) {
            long before = reads(binh, view.getValue());
            Reply r = pages.get(view.getKey());
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            long after = reads(binh, view.getValue());
            if (view.getKey().contains("format=xlsx")) {
                assertThat(after).as("the same sheet again within minutes, nobody new: the same look").isEqualTo(before);
            } else {
                assertThat(after).as(view.getKey() + " names Bình once").isEqualTo(before + 1);
            }
        }
        assertThat(DB.rows("select e.actor, e.after ->> 'label' as label from audit_event e where e.action = 'read.presence_timeline'"))
                .containsExactly(TestDatabase.row("actor", supervisorName, "label",
                        DAY + " · Trung tâm PVHCC (cơ sở Riêng tư) · 7 Quầy Tư pháp"));
        assertThat(pages.get("/occupancy/timeline?counterId=" + counter + "&date=" + DAY).body())
                .as("the timeline names who was rostered").contains("Trần Thị Bình", "Hoàng Văn Nam");

        // A board refreshed again and again is one look: one event naming every officer on it.
        long board = DB.count("audit_event", "action = 'read.attendance_today'");
        for (int i = 0; i < 3; i++) {
            assertThat(pages.get("/today?siteId=" + site).status()).isEqualTo(200);
        }
        assertThat(DB.count("audit_event", "action = 'read.attendance_today'")).isEqualTo(board);
        assertThat(DB.rows("select staff_id from audit_event_subject where event_id ="
                + " (select max(id) from audit_event where action = 'read.attendance_today')"))
                .extracting(r -> r.get("staff_id")).contains(binh, nam);
        // A document is fetched whole every time: each download counts.
        long documents = reads(binh, "read.leave_attachment");
        supervisor.download("/api/leave/requests/" + binhLeave + "/attachment");
        assertThat(reads(binh, "read.leave_attachment")).isEqualTo(documents + 1);

        // The officer's own records are not a read of someone else's; a refused read writes nothing.
        Api binhApi = Api.at(APP).loggedInAs(binhUser, Org.PASSWORD);
        long all = DB.count("audit_event", "starts_with(action, 'read.')");
        assertThat(binhApi.get("/api/attendance/monthly?staffId=" + binh + "&month=2026-11").status()).isEqualTo(200);
        assertThat(binhApi.get("/api/attendance/monthly?staffId=" + nam + "&month=2026-11").status()).isEqualTo(404);
        assertThat(binhApi.get("/api/leave/requests/" + binhLeave + "/attachment").status()).isEqualTo(200);
        assertThat(DB.count("audit_event", "starts_with(action, 'read.')")).isEqualTo(all);

        // And Bình sees who looked, and at what.
        JsonNode seen = binhApi.get("/api/me/privacy/reads?size=50").json();
        assertThat(seen.get("total").asLong()).isGreaterThanOrEqualTo(views.size() - 1);
        List<String> whats = new ArrayList<>();
        seen.get("items").forEach(i -> {
            if (i.get("actor").asText().equals(supervisorName)) {
                whats.add(i.get("action").asText());
            }
        });
        assertThat(whats).contains("read.timesheet", "read.attendance_today", "read.lateness", "read.attendance_month",
                "read.attendance_day", "read.punches", "read.presence_timeline", "read.leave_attachment");
        Reply page = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + Browser.session(APP, binhUser, Org.PASSWORD))
                .get("/me/privacy");
        assertThat(page.body()).contains("Ai đã xem dữ liệu của tôi", supervisorName, "Bảng chấm công",
                "Giấy tờ kèm đơn nghỉ", "11/2026 · Trung tâm PVHCC (cơ sở Riêng tư)", "href=\"/me/privacy/download\"");
    }

    // ---- anonymisation ----

    @Test
    void anOfficerWhoLeftIsAnonymisedAfterTheRetentionPeriodAndNothingIdentifyingRemains() {
        String url = "/api/privacy/staff/" + hung + "/anonymise";
        Map<String, Object> confirm = Map.of("confirmCode", "CB7003");
        Map<String, String> untouched = DB.snapshot();
        Reply active = admin.post(url, confirm);
        assertThat(active.status()).isEqualTo(409);
        assertThat(active.body()).contains("still active");
        assertThat(DB.snapshot()).isEqualTo(untouched);
        assertThat(admin.post("/api/staff/" + hung + "/deactivate", null).status()).isEqualTo(200);
        untouched = DB.snapshot();
        assertThat(admin.post(url, confirm).body()).contains("no end of service date");
        assertThat(DB.snapshot()).isEqualTo(untouched);
        assertThat(admin.put("/api/privacy/staff/" + hung + "/end-of-service", Map.of("date", DAY.toString())).status())
                .isEqualTo(200);
        untouched = DB.snapshot();
        Reply early = admin.post(url, confirm);
        assertThat(early.status()).isEqualTo(409);
        assertThat(early.body()).contains("may be anonymised from");
        assertThat(DB.snapshot()).isEqualTo(untouched);
        assertThat(admin.put("/api/privacy/staff/" + hung + "/end-of-service", Map.of("date", "2012-06-30")).status())
                .isEqualTo(200);
        assertThat(admin.get("/api/privacy/staff/" + hung + "/anonymisation").json().get("eligible").asBoolean()).isTrue();
        untouched = DB.snapshot();
        Reply wrongCode = admin.post(url, Map.of("confirmCode", "CB7002"));
        assertThat(wrongCode.status()).isEqualTo(422);
        assertThat(DB.snapshot()).as("a refused anonymisation changes nothing").isEqualTo(untouched);
        String filedBefore = filedCells(hung);
        long punchesBefore = DB.count("punch", "staff_id = " + hung);
        long daysBefore = DB.count("attendance_session", "staff_id = " + hung);

        Reply done = admin.post(url, confirm);
        assertThat(done.status()).as("%s", done).isEqualTo(200);
        assertThat(done.json().get("fullName").asText()).isEqualTo("Cán bộ đã ẩn danh #" + hung);

        List<String> identifiers = List.of("Lê Quang Hùng", "CB7003", "hung.lq@hue.gov.vn", "0234 3822 703", hungUser,
                // The reasons he gave, and the one given for his absence.
                "Con ốm phải về sớm", "đi khám bệnh");
        assertThat(columnsMentioning(identifiers)).as("columns of any table still holding the officer's name, code,"
                + " e-mail, phone or username").isEmpty();
        assertThat(DB.rows("select reason from attendance_correction where staff_id = ?", hung))
                .extracting(r -> r.get("reason")).containsOnly(Anonymisation.REMOVED);
        assertThat(DB.rows("select reason from attendance_correction where staff_id = ?", nam))
                .extracting(r -> r.get("reason")).containsExactly("Đổi ca với anh Cán bộ đã ẩn danh #" + hung + " (AN" + hung + ")");
        assertThat(filedCells(hung)).as("the filed timesheet keeps the figures").isEqualTo(filedBefore);
        assertThat(DB.count("punch", "staff_id = " + hung)).isEqualTo(punchesBefore);
        assertThat(DB.count("attendance_session", "staff_id = " + hung)).isEqualTo(daysBefore);
        assertThat(Api.at(APP).post("/api/auth/login", Map.of("username", hungUser, "password", Org.PASSWORD)).status())
                .isEqualTo(401);
        assertThat(admin.get("/api/timesheets/2026-11?siteId=" + site).body()).contains("Cán bộ đã ẩn danh #" + hung);
        assertThat(DB.rows("select after from audit_event where action = 'staff.anonymise'")).hasSize(1);
        assertThat(admin.post(url, confirm).status()).as("once").isEqualTo(409);
        assertThat(hungRecord.get("full_name")).as("the test really had a name to remove").isEqualTo("Lê Quang Hùng");
    }

    /** "table.column" of every text, jsonb or bytea column of every table in which one of these values still occurs. */
    static List<String> columnsMentioning(List<String> values) {
        List<String> found = new ArrayList<>();
        List<Map<String, Object>> columns = DB.rows("""
                select table_name, column_name, data_type from information_schema.columns
                 where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'bytea')
                   and table_name not like 'databasechangelog%'
                 order by table_name, column_name""");
        for (Map<String, Object> c : columns) {
            String table = (String) c.get("table_name");
            String column = (String) c.get("column_name");
            for (String v : values) {
                String condition = c.get("data_type").equals("bytea")
                        ? "position(convert_to(?, 'UTF8') in \"" + column + "\") > 0"
                        : "strpos(lower(cast(\"" + column + "\" as text)), lower(?)) > 0";
                long n = (Long) DB.rows("select count(*) as n from \"" + table + "\" where " + condition, v).get(0).get("n");
                if (n > 0) {
                    found.add(table + "." + column + " holds '" + v + "' (" + n + " rows)");
                }
            }
        }
        return found;
    }

    /** A POST whose answer is a file: the bytes as sent. */
    static HttpResponse<byte[]> postForBytes(String token, String path, String json) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://localhost:" + APP.getLocalPort() + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(json)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String filedCells(long staffId) {
        return (String) DB.rows("select cast(jsonb_path_query_first(snapshot, '$.rows[*] ? (@.staffId == $id)',"
                + " jsonb_build_object('id', ?)) - 'code' - 'fullName' - 'position' as text) as r from timesheet_lock", staffId)
                .get(0).get("r");
    }

    static long reads(long staffId, String action) {
        return DB.count("audit_event_subject s join audit_event e on e.id = s.event_id",
                "s.staff_id = " + staffId + " and e.action = '" + action + "'");
    }

    static Map<String, byte[]> unzip(byte[] bytes) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        }
        return out;
    }

    static String text(Map<String, byte[]> zip) {
        StringBuilder b = new StringBuilder();
        zip.forEach((name, content) -> {
            if (!name.endsWith(".xlsx") && !name.endsWith(".pdf")) {
                b.append(new String(content, StandardCharsets.UTF_8));
            }
        });
        return b.toString();
    }

    static List<JsonNode> json(Map<String, byte[]> zip, String file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Api.JSON.readTree(zip.get(file)).forEach(out::add);
        return out;
    }
}
