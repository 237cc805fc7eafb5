package vn.onduty.server.attendance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Events;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Attendance against the real database, through the API as agents, officers and supervisors use it:
 * recomputed after punches that arrive days late, after approved corrections and calendar changes, and
 * consistent however recomputes and ingest of one officer-day interleave. Each test has its own officer
 * and days (all before today, on the default calendar: 07:30–11:30 and 13:30–17:30, five minutes' grace).
 */
class AttendanceIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(AttendanceIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final Instant ENROLLED = Instant.parse("2026-09-01T00:00:00Z");
    static final AtomicLong SEQ = new AtomicLong();
    static final java.util.concurrent.atomic.AtomicInteger SLOT = new java.util.concurrent.atomic.AtomicInteger();

    static Api admin;
    static long site;
    static long otherSite;
    static long department;
    static Api supervisor;
    static Api supervisorElsewhere;
    static DeviceAgent agent;
    static Fingerprints.Sensor sensor;

    /** An officer with an account, enrolled in a slot of their own. */
    record Officer(long id, int slot, Api api, long userId) {}

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().with("timeZone", "Asia/Ho_Chi_Minh").createdBy(admin);
        otherSite = aSite().createdBy(admin);
        department = aDepartment().createdBy(admin);
        supervisor = signIn(aSupervisorAccount(List.of(site), List.of()));
        supervisorElsewhere = signIn(aSupervisorAccount(List.of(otherSite), List.of()));
        agent = DeviceAgent.register(APP, admin, site);
        sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
    }

    static Api signIn(Org.Body account) {
        account.create(admin);
        return Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);
    }

    static Officer newOfficer(String name) {
        long id = aStaff(department, site).with("fullName", name).createdBy(admin);
        int slot = SLOT.incrementAndGet();
        Fingerprints.enroll(admin, agent, sensor, id, slot, ENROLLED);
        Org.Body account = anOfficerAccount(id);
        long userId = account.createdBy(admin);
        return new Officer(id, slot, Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD), userId);
    }

    static Map<String, Object> touch(Officer o, String date, String time) {
        Instant at = LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(HCM).toInstant();
        return Events.punch("test", SEQ.incrementAndGet(), at, "cua-chinh", o.slot());
    }

    static JsonNode sessionsOf(Api api, Officer o, String date) {
        Reply r = api.get("/api/attendance/daily?siteId=" + site + "&date=" + date);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        for (JsonNode officer : r.json().get("officers")) {
            if (officer.get("staffId").asLong() == o.id()) {
                return officer.get("sessions");
            }
        }
        throw new AssertionError("Officer " + o.id() + " is not on the day of site " + site + ": " + r);
    }

    /** A session as a timekeeper reads it: {@code STATUS in-out late early missing}. */
    static String read(JsonNode s) {
        StringBuilder b = new StringBuilder(s.get("status").asText()).append(' ');
        b.append(time(s.get("inAt"))).append('-').append(time(s.get("outAt")));
        if (s.get("lateMinutes").asInt() > 0) {
            b.append(" late").append(s.get("lateMinutes").asInt());
        }
        if (s.get("earlyLeaveMinutes").asInt() > 0) {
            b.append(" early").append(s.get("earlyLeaveMinutes").asInt());
        }
        if (!s.get("missing").isNull()) {
            b.append(" missing").append(s.get("missing").asText());
        }
        return b.toString();
    }

    static String time(JsonNode at) {
        return at == null || at.isNull() ? "" : Instant.parse(at.asText()).atZone(HCM).toLocalTime().toString();
    }

    static List<String> readAll(JsonNode sessions) {
        List<String> out = new ArrayList<>();
        sessions.forEach(s -> out.add(read(s)));
        return out;
    }

    // ---- recompute triggers ----

    @Test
    void lateBatchFromAnOfflineAgentRecomputesTheDay() {
        Officer lan = newOfficer("Nguyễn Thị Lan");
        agent.deliver(touch(lan, "2026-11-10", "07:41"));
        assertThat(readAll(sessionsOf(supervisor, lan, "2026-11-10")))
                .containsExactly("LATE 07:41- late11 missingOUT", "ABSENT - missingBOTH");

        // Days later, the agent that was offline delivers the rest of the day.
        agent.deliver(List.of(touch(lan, "2026-11-10", "11:33"), touch(lan, "2026-11-10", "13:26"),
                touch(lan, "2026-11-10", "13:26:20"), touch(lan, "2026-11-10", "17:32")));

        assertThat(readAll(sessionsOf(supervisor, lan, "2026-11-10")))
                .containsExactly("LATE 07:41-11:33 late11", "WORKED 13:26-17:32");
        assertThat(DB.count("attendance_session", "staff_id = " + lan.id() + " and work_date = '2026-11-10'")).isEqualTo(2);
    }

    @Test
    void theWorkerRecomputesQueuedDaysWithoutAnybodyReadingThem() throws InterruptedException {
        Officer hoa = newOfficer("Trần Thị Hoa");
        agent.deliver(touch(hoa, "2026-11-12", "07:20"), touch(hoa, "2026-11-12", "11:40"));
        String row = "select status || ' ' || to_char(out_at at time zone 'Asia/Ho_Chi_Minh', 'HH24:MI') as s "
                + "from attendance_session where staff_id = ? and work_date = '2026-11-12' and part = 'MORNING'";
        for (int i = 0; i < 200 && DB.rows(row, hoa.id()).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(DB.rows(row, hoa.id())).extracting(r -> r.get("s")).containsExactly("WORKED 11:40");
        assertThat(DB.count("attendance_dirty", "staff_id = " + hoa.id())).isZero();
    }

    @Test
    void resolvingAnUnknownPunchCountsItForTheOfficer() {
        Officer tuan = newOfficer("Phạm Minh Tuấn");
        agent.deliver(touch(tuan, "2026-11-13", "07:25"), touch(tuan, "2026-11-13", "11:35"));
        // A touch from a slot nobody holds: the afternoon in, until an admin says whose it was.
        long seq = SEQ.incrementAndGet();
        Instant at = LocalDate.parse("2026-11-13").atTime(13, 20).atZone(HCM).toInstant();
        agent.deliver(Events.punch("test", seq, at, "cua-chinh", 150));
        agent.deliver(touch(tuan, "2026-11-13", "17:30"));
        assertThat(readAll(sessionsOf(admin, tuan, "2026-11-13")))
                .containsExactly("WORKED 07:25-11:35", "WORKED -17:30 missingIN");

        long punch = (Long) DB.rows("select id from punch where stream = 'test' and seq = ?", seq).get(0).get("id");
        assertThat(admin.post("/api/punches/" + punch + "/resolve", Map.of("staffId", tuan.id(), "note", "Quên vân tay")).status())
                .isEqualTo(200);

        assertThat(readAll(sessionsOf(admin, tuan, "2026-11-13")))
                .containsExactly("WORKED 07:25-11:35", "WORKED 13:20-17:30");
    }

    @Test
    void aHolidayAddedForAPastDayMakesItAHoliday() {
        Officer minh = newOfficer("Lê Văn Minh");
        assertThat(readAll(sessionsOf(admin, minh, "2026-11-16"))).containsExactly("ABSENT - missingBOTH", "ABSENT - missingBOTH");

        Reply added = admin.post("/api/holidays/days", Map.of("date", "2026-11-16", "kind", "DAY_OFF", "siteId", site,
                "name", "Ngày nghỉ của tỉnh"));
        assertThat(added.status()).as("%s", added).isEqualTo(201);

        assertThat(readAll(sessionsOf(admin, minh, "2026-11-16"))).containsExactly("HOLIDAY -", "HOLIDAY -");
        JsonNode month = admin.get("/api/attendance/monthly?staffId=" + minh.id() + "&month=2026-11").json();
        JsonNode day = month.get("days").get(15);
        assertThat(day.get("date").asText()).isEqualTo("2026-11-16");
        assertThat(day.get("dayType").asText()).isEqualTo("HOLIDAY");
        assertThat(day.get("dayName").asText()).isEqualTo("Ngày nghỉ của tỉnh");
    }

    // ---- staff changes ----

    /** The staff record as the API has it, with some fields changed: what the admin's form sends back. */
    static Map<String, Object> staffWith(long staffId, Map<String, Object> changes) {
        JsonNode now = admin.get("/api/staff/" + staffId).json();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        for (String f : List.of("code", "fullName", "departmentId", "homeSiteId", "position", "serviceStartDate", "email",
                "phone")) {
            JsonNode v = now.get(f);
            body.put(f, v == null || v.isNull() ? null : v.isNumber() ? v.asLong() : v.asText());
        }
        body.putAll(changes);
        return body;
    }

    /** A site whose every weekday has a morning session and whose {@code dayOff} is a holiday of its own. */
    static long aSiteWithADayOff(LocalDate dayOff) {
        long id = aSite().createdBy(admin);
        List<Map<String, Object>> week = new ArrayList<>();
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            week.add(Map.of("weekday", d.name(), "part", "MORNING", "start", "07:30", "end", "11:30"));
        }
        Map<String, Object> calendar = new java.util.LinkedHashMap<>(Map.of("lateGraceMinutes", 5,
                "earlyLeaveGraceMinutes", 5, "punchInBeforeMinutes", 60, "punchOutAfterMinutes", 120, "sessions", week,
                "seasons", List.of(), "dutySaturdays", List.of()));
        Reply set = admin.put("/api/sites/" + id + "/calendar", calendar);
        assertThat(set.status()).as("%s", set).isEqualTo(200);
        Reply holiday = admin.post("/api/holidays/days", Map.of("date", dayOff.toString(), "kind", "DAY_OFF", "siteId", id,
                "name", "Ngày nghỉ riêng của cơ sở"));
        assertThat(holiday.status()).as("%s", holiday).isEqualTo(201);
        return id;
    }

    /** A day of this month up to today (yesterday, unless today is the first): what a home site change recomputes. */
    static LocalDate aDayOfThisMonth() {
        LocalDate today = LocalDate.now(HCM);
        return today.getDayOfMonth() > 1 ? today.minusDays(1) : today;
    }

    static JsonNode officerOn(Reply daily, long staffId) {
        for (JsonNode officer : daily.json().get("officers")) {
            if (officer.get("staffId").asLong() == staffId) {
                return officer;
            }
        }
        return null;
    }

    @Test
    void aNewHomeSiteRecomputesTheMonthsAttendanceAndTimesheetAtOnce() {
        Officer an = newOfficer("Vũ Thị An");
        LocalDate day = aDayOfThisMonth();
        long newSite = aSiteWithADayOff(day);
        assertThat(readAll(sessionsOf(admin, an, day.toString()))).as("computed at the old site").hasSize(2)
                .noneMatch(s -> s.startsWith("HOLIDAY"));
        String month = java.time.YearMonth.from(day).toString();
        assertThat(admin.get("/api/timesheets/" + month + "?siteId=" + site).body()).contains("Vũ Thị An");

        Reply moved = admin.put("/api/staff/" + an.id(), staffWith(an.id(), Map.of("homeSiteId", newSite)));
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);

        // Nobody asks for a recompute: reading the new site's day shows it as that site computes it.
        Reply there = admin.get("/api/attendance/daily?siteId=" + newSite + "&date=" + day);
        assertThat(there.status()).as("%s", there).isEqualTo(200);
        assertThat(readAll(officerOn(there, an.id()).get("sessions"))).containsExactly("HOLIDAY -", "HOLIDAY -");
        assertThat(officerOn(admin.get("/api/attendance/daily?siteId=" + site + "&date=" + day), an.id()))
                .as("no longer at the old site").isNull();
        JsonNode sheet = admin.get("/api/timesheets/" + month + "?siteId=" + newSite).json();
        JsonNode row = null;
        for (JsonNode r : sheet.get("rows")) {
            if (r.get("staffId").asLong() == an.id()) {
                row = r;
            }
        }
        assertThat(row).as("on the new site's sheet: %s", sheet).isNotNull();
        assertThat(row.get("cells").get(day.getDayOfMonth() - 1).asText()).isEqualTo("L");
        assertThat(admin.get("/api/timesheets/" + month + "?siteId=" + site).body())
                .as("the whole month moved: the old site's sheet no longer lists her").doesNotContain("Vũ Thị An");
        assertThat(DB.count("attendance_session", "staff_id = " + an.id() + " and site_id = " + site
                + " and work_date >= date_trunc('month', date '" + day + "')")).isZero();
    }

    @Test
    void aLockedMonthKeepsTheSiteItWasFiledWith() {
        long filedDepartment = aDepartment().createdBy(admin);
        long id = aStaff(filedDepartment, site).with("fullName", "Đinh Thị Bích").createdBy(admin);
        LocalDate day = aDayOfThisMonth();
        String month = java.time.YearMonth.from(day).toString();
        long newSite = aSiteWithADayOff(day);
        Reply read = admin.get("/api/attendance/daily?siteId=" + site + "&date=" + day);
        List<String> before = readAll(officerOn(read, id).get("sessions"));
        Reply locked = supervisor.post("/api/timesheets/" + month + "/lock?siteId=" + site + "&departmentId="
                + filedDepartment, null);
        assertThat(locked.status()).as("%s", locked).isEqualTo(200);

        Reply moved = admin.put("/api/staff/" + id, staffWith(id, Map.of("homeSiteId", newSite)));
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);

        assertThat(DB.count("attendance_dirty", "staff_id = " + id + " and work_date < date_trunc('month', date '"
                + day + "') + interval '1 month'")).as("nothing of the filed month queued").isZero();
        Reply there = admin.get("/api/attendance/daily?siteId=" + newSite + "&date=" + day);
        assertThat(readAll(officerOn(there, id).get("sessions"))).as("as filed").isEqualTo(before);
        assertThat(DB.count("attendance_session", "staff_id = " + id + " and work_date = '" + day + "' and site_id = " + site))
                .isEqualTo(2);
    }

    @Test
    void aLaterServiceStartDropsTheDaysBeforeItWithoutARecomputeByHand() {
        Officer thu = newOfficer("Trịnh Thị Thu");
        agent.deliver(touch(thu, "2026-11-18", "07:25"), touch(thu, "2026-11-18", "11:35"));
        assertThat(readAll(sessionsOf(supervisor, thu, "2026-11-18"))).hasSize(2);

        Reply later = admin.put("/api/staff/" + thu.id(), staffWith(thu.id(), Map.of("serviceStartDate", "2026-11-19")));
        assertThat(later.status()).as("%s", later).isEqualTo(200);

        assertThat(readAll(sessionsOf(supervisor, thu, "2026-11-18"))).as("before the service began").isEmpty();
        assertThat(DB.count("attendance_session", "staff_id = " + thu.id() + " and work_date = '2026-11-18'")).isZero();

        Reply earlier = admin.put("/api/staff/" + thu.id(), staffWith(thu.id(), Map.of("serviceStartDate", "2026-11-02")));
        assertThat(earlier.status()).as("%s", earlier).isEqualTo(200);
        assertThat(readAll(sessionsOf(supervisor, thu, "2026-11-18"))).containsExactly("WORKED 07:25-11:35",
                "ABSENT - missingBOTH");
    }

    @Test
    void punchesThatCameWhileAnOfficerWasInactiveCountOnceReactivated() throws InterruptedException {
        Officer hai = newOfficer("Ngô Văn Hải");
        String date = aDayOfThisMonth().toString();
        assertThat(read(sessionsOf(supervisor, hai, date).get(0))).as("no punch yet").doesNotContain(":");
        assertThat(admin.post("/api/staff/" + hai.id() + "/deactivate", null).status()).isEqualTo(200);

        agent.deliver(touch(hai, date, "07:25"), touch(hai, date, "11:35"));
        // The worker takes the queued day and, the officer being inactive, keeps the day as it was.
        for (int i = 0; i < 200 && DB.count("attendance_dirty", "staff_id = " + hai.id()) > 0; i++) {
            Thread.sleep(50);
        }
        assertThat(DB.count("attendance_dirty", "staff_id = " + hai.id())).isZero();
        assertThat(DB.count("attendance_session", "staff_id = " + hai.id() + " and in_at is not null")).isZero();

        assertThat(admin.post("/api/staff/" + hai.id() + "/reactivate", null).status()).isEqualTo(200);

        assertThat(read(sessionsOf(supervisor, hai, date).get(0))).endsWith(" 07:25-11:35");
    }

    // ---- corrections ----

    @Test
    void approvedMissingPunchAddsAManualPunchAndRecomputesTheDay() {
        Officer nam = newOfficer("Hoàng Văn Nam");
        agent.deliver(touch(nam, "2026-11-11", "07:25"), touch(nam, "2026-11-11", "13:25"), touch(nam, "2026-11-11", "17:30"));
        assertThat(readAll(sessionsOf(nam.api(), nam, "2026-11-11")))
                .containsExactly("WORKED 07:25- missingOUT", "WORKED 13:25-17:30");
        long sensorPunches = DB.count("punch", "staff_id = " + nam.id());

        Reply asked = nam.api().post("/api/attendance/corrections", Map.of("date", "2026-11-11", "kind", "MISSING_PUNCH",
                "outTime", "11:30", "reason", "Quên chấm công khi ra về buổi sáng"));
        assertThat(asked.status()).as("%s", asked).isEqualTo(201);
        assertThat(asked.json().get("status").asText()).isEqualTo("PENDING");
        long id = asked.id();

        Reply approved = supervisor.post("/api/attendance/corrections/" + id + "/approve", Map.of("comment", "Đồng ý"));
        assertThat(approved.status()).as("%s", approved).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");

        JsonNode month = nam.api().get("/api/attendance/monthly?staffId=" + nam.id() + "&month=2026-11").json();
        JsonNode day = month.get("days").get(10);
        assertThat(day.get("date").asText()).isEqualTo("2026-11-11");
        assertThat(readAll(day.get("sessions"))).containsExactly("WORKED 07:25-11:30", "WORKED 13:25-17:30");
        assertThat(day.get("sessions").get(0).get("correctionId").asLong()).isEqualTo(id);
        assertThat(day.get("punches")).extracting(p -> p.get("source").asText() + " " + time(p.get("at")))
                .containsExactly("SENSOR 07:25", "MANUAL 11:30", "SENSOR 13:25", "SENSOR 17:30");
        assertThat(DB.count("punch", "staff_id = " + nam.id())).as("the sensor's punches are untouched").isEqualTo(sensorPunches);
        assertThat(DB.count("manual_punch", "correction_id = " + id)).isEqualTo(1);
        assertThat(DB.count("audit_event", "entity_type = 'attendance_correction' and entity_id = '" + id + "'")).isEqualTo(2);
    }

    @Test
    void approvedOfficialBusinessMakesThePartsOfficialBusiness() {
        Officer thu = newOfficer("Đỗ Thị Thu");
        agent.deliver(touch(thu, "2026-11-17", "13:28"), touch(thu, "2026-11-17", "17:31"));
        long id = thu.api().post("/api/attendance/corrections", Map.of("date", "2026-11-17", "kind", "OFFICIAL_BUSINESS",
                "parts", "MORNING", "reason", "Họp tại Sở Tư pháp")).id();
        assertThat(supervisor.post("/api/attendance/corrections/" + id + "/approve", Map.of()).status()).isEqualTo(200);

        JsonNode sessions = sessionsOf(supervisor, thu, "2026-11-17");
        assertThat(readAll(sessions)).containsExactly("OFFICIAL_BUSINESS -", "WORKED 13:28-17:31");
        assertThat(sessions.get(0).get("correctionId").asLong()).isEqualTo(id);
    }

    @Test
    void rejectedOrCancelledRequestsChangeNothing() {
        Officer hai = newOfficer("Võ Văn Hải");
        agent.deliver(touch(hai, "2026-11-18", "07:25"));
        long first = hai.api().post("/api/attendance/corrections", Map.of("date", "2026-11-18", "kind", "SENSOR_FAILURE",
                "outTime", "11:30", "reason", "Máy không nhận vân tay")).id();

        Reply noReason = supervisor.post("/api/attendance/corrections/" + first + "/reject", Map.of());
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.json().get("details").toString()).contains("comment");
        assertThat(supervisor.post("/api/attendance/corrections/" + first + "/reject",
                Map.of("comment", "Nhật ký máy không có lỗi")).json().get("status").asText()).isEqualTo("REJECTED");
        assertThat(supervisor.post("/api/attendance/corrections/" + first + "/approve", Map.of()).status()).isEqualTo(409);

        long second = hai.api().post("/api/attendance/corrections", Map.of("date", "2026-11-18", "kind", "MISSING_PUNCH",
                "outTime", "11:31", "reason", "Quên chấm")).id();
        assertThat(supervisor.post("/api/attendance/corrections/" + second + "/cancel", null).status()).isEqualTo(403);
        assertThat(hai.api().post("/api/attendance/corrections/" + second + "/cancel", null).json().get("status").asText())
                .isEqualTo("CANCELLED");

        assertThat(DB.count("manual_punch", "staff_id = " + hai.id())).isZero();
        assertThat(readAll(sessionsOf(hai.api(), hai, "2026-11-18"))).containsExactly("WORKED 07:25- missingOUT",
                "ABSENT - missingBOTH");
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        Officer ly = newOfficer("Bùi Thị Lý");
        Reply future = ly.api().post("/api/attendance/corrections", Map.of("date", "2099-01-05", "kind", "MISSING_PUNCH",
                "inTime", "07:30", "reason", "x"));
        assertThat(future.status()).isEqualTo(422);
        assertThat(future.json().get("details").toString()).contains("date must not be in the future");
        Reply noTime = ly.api().post("/api/attendance/corrections", Map.of("date", "2026-11-19", "kind", "MISSING_PUNCH",
                "reason", "x"));
        assertThat(noTime.status()).isEqualTo(422);
        assertThat(noTime.json().get("details").toString()).contains("inTime or outTime is required");
        Reply badTime = ly.api().post("/api/attendance/corrections", Map.of("date", "2026-11-19", "kind", "MISSING_PUNCH",
                "inTime", "7h30", "reason", "x"));
        assertThat(badTime.status()).isEqualTo(422);
        assertThat(badTime.json().get("details").toString()).contains("inTime");
        Reply noParts = ly.api().post("/api/attendance/corrections", Map.of("date", "2026-11-19", "kind", "OFFICIAL_BUSINESS",
                "reason", "Họp"));
        assertThat(noParts.status()).isEqualTo(422);
        assertThat(noParts.json().get("details").toString()).contains("parts is required");
        assertThat(ly.api().post("/api/attendance/corrections", Map.of("date", "2026-11-19", "kind", "MISSING_PUNCH",
                "inTime", "07:30", "reason", "Quên")).status()).isEqualTo(201);
        Reply twice = ly.api().post("/api/attendance/corrections", Map.of("date", "2026-11-19", "kind", "MISSING_PUNCH",
                "outTime", "17:30", "reason", "Quên nữa"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(DB.count("attendance_correction", "staff_id = " + ly.id())).isEqualTo(1);
        assertThat(ly.api().get("/api/attendance/daily?siteId=" + site + "&date=26-11-2026").status()).isEqualTo(400);
        assertThat(ly.api().get("/api/attendance/monthly?staffId=" + ly.id() + "&month=2026-13").status()).isEqualTo(400);
    }

    // ---- authorisation ----

    @Test
    void nobodyApprovesTheirOwnAndOfficersReadOnlyTheirOwnMonth() {
        Officer an = newOfficer("Ngô Văn An");
        Officer binh = newOfficer("Trịnh Thị Bình");
        long own = an.api().post("/api/attendance/corrections", Map.of("date", "2026-11-20", "kind", "MISSING_PUNCH",
                "inTime", "07:30", "reason", "Quên")).id();

        assertThat(an.api().post("/api/attendance/corrections/" + own + "/approve", Map.of()).status()).isEqualTo(403);
        assertThat(binh.api().post("/api/attendance/corrections/" + own + "/approve", Map.of()).status()).isEqualTo(403);
        assertThat(supervisorElsewhere.post("/api/attendance/corrections/" + own + "/approve", Map.of()).status()).isEqualTo(404);
        assertThat(binh.api().get("/api/attendance/corrections/" + own).status()).isEqualTo(404);
        assertThat(binh.api().get("/api/attendance/monthly?staffId=" + an.id() + "&month=2026-11").status()).isEqualTo(404);
        assertThat(an.api().get("/api/attendance/monthly?staffId=" + an.id() + "&month=2026-11").status()).isEqualTo(200);
        JsonNode day = an.api().get("/api/attendance/daily?siteId=" + site + "&date=2026-11-20").json();
        assertThat(day.get("officers")).extracting(o -> o.get("staffId").asLong()).containsExactly(an.id());

        // A supervisor who is also an officer of the site: still not their own day.
        long supervisorStaff = aStaff(department, site).with("fullName", "Lãnh đạo Phạm Hùng").createdBy(admin);
        Api boss = signIn(aSupervisorAccount(List.of(site), List.of()).with("staffId", supervisorStaff));
        long bossOwn = boss.post("/api/attendance/corrections", Map.of("date", "2026-11-20", "kind", "OFFICIAL_BUSINESS",
                "parts", "BOTH", "reason", "Đi công tác")).id();
        Reply self = boss.post("/api/attendance/corrections/" + bossOwn + "/approve", Map.of());
        assertThat(self.status()).isEqualTo(403);
        assertThat(DB.rows("select status from attendance_correction where id = ?", bossOwn))
                .extracting(r -> r.get("status")).containsExactly("PENDING");
        assertThat(boss.get("/api/attendance/corrections?status=PENDING&toDecide=true&size=200").json().get("items"))
                .extracting(c -> c.get("id").asLong()).contains(own).doesNotContain(bossOwn);
        assertThat(supervisor.post("/api/attendance/corrections/" + bossOwn + "/approve", Map.of()).status()).isEqualTo(200);
    }

    // ---- concurrency ----

    @Test
    void aRecomputeRewritesOnlyTheSessionsThatChanged() {
        Officer minh = newOfficer("Đỗ Văn Minh");
        agent.deliver(touch(minh, "2026-11-24", "07:25"), touch(minh, "2026-11-24", "11:35"));
        assertThat(readAll(sessionsOf(supervisor, minh, "2026-11-24")))
                .containsExactly("WORKED 07:25-11:35", "ABSENT - missingBOTH");
        String stamps = "select part, computed_at from attendance_session where staff_id = ? and work_date = '2026-11-24'"
                + " order by part desc";
        List<Map<String, Object>> before = DB.rows(stamps, minh.id());

        agent.deliver(touch(minh, "2026-11-24", "13:25"), touch(minh, "2026-11-24", "17:35"));

        assertThat(readAll(sessionsOf(supervisor, minh, "2026-11-24")))
                .containsExactly("WORKED 07:25-11:35", "WORKED 13:25-17:35");
        List<Map<String, Object>> after = DB.rows(stamps, minh.id());
        assertThat(after.get(0)).as("the morning, computed as it was stored, is left as it was").isEqualTo(before.get(0));
        assertThat(after.get(1).get("computed_at")).as("the afternoon is rewritten").isNotEqualTo(before.get(1).get("computed_at"));
    }

    @Test
    void aDayNoLongerDueLosesItsSessionsWhenRecomputed() {
        Officer tam = newOfficer("Phan Văn Tâm");
        agent.deliver(touch(tam, "2026-11-17", "07:25"), touch(tam, "2026-11-17", "11:35"));
        assertThat(readAll(sessionsOf(supervisor, tam, "2026-11-17"))).hasSize(2);

        // The officer's service turns out to start later: the day is before it, and attendance keeps no rows for it.
        DB.jdbi().useHandle(h -> h.execute("update staff set service_start_date = '2026-11-18' where id = ?", tam.id()));
        Clock clock = Clock.systemUTC();
        new AttendanceRecompute(DB.jdbi(), new WorkingCalendar(DB.jdbi(), LunarCalendar.VIETNAM, clock), LeaveSource.NONE,
                clock, 1).recompute(List.of(new StaffDay(tam.id(), LocalDate.parse("2026-11-17"))));

        assertThat(DB.count("attendance_session", "staff_id = " + tam.id() + " and work_date = '2026-11-17'")).isZero();
    }

    @Test
    void deletingAnOfficerASiteOrACorrectionThatAttendanceRowsNameIsRefused() {
        // The foreign keys of attendance_session went (migration 0200, for the speed of its writes); the rule they
        // kept holds on the deleting side (0201), with the same SQLSTATE the API maps to "still in use".
        Officer lan = newOfficer("Trịnh Thị Lan");
        long id = lan.api().post("/api/attendance/corrections", Map.of("date", "2026-11-19", "kind", "OFFICIAL_BUSINESS",
                "parts", "MORNING", "reason", "Họp tại UBND huyện")).id();
        assertThat(supervisor.post("/api/attendance/corrections/" + id + "/approve", Map.of()).status()).isEqualTo(200);
        assertThat(sessionsOf(supervisor, lan, "2026-11-19").get(0).get("correctionId").asLong()).isEqualTo(id);
        Map<String, String> before = DB.snapshot(List.of("staff", "site", "attendance_correction", "attendance_session"));

        // Officers and sites are named by other tables' keys too: the refusal must name attendance's rule.
        Map<String, String> refusedBy = Map.of("delete from attendance_correction where id = " + id, "attendance_session_correction_fk",
                "delete from staff where id = " + lan.id(), "attendance_session_staff_fk",
                "delete from site where id = " + site, "attendance_session_site_fk");
        refusedBy.forEach((delete, rule) -> assertThatThrownBy(() -> DB.jdbi().useHandle(h -> h.execute(delete))).as(delete)
                .rootCause().isInstanceOf(org.postgresql.util.PSQLException.class).satisfies(e -> {
                    org.postgresql.util.PSQLException refused = (org.postgresql.util.PSQLException) e;
                    assertThat(refused.getSQLState()).isEqualTo("23503");
                    assertThat(refused.getServerErrorMessage().getConstraint()).isEqualTo(rule);
                }));
        assertThat(DB.snapshot(List.of("staff", "site", "attendance_correction", "attendance_session"))).isEqualTo(before);

        // What no attendance row names can still go: a site nobody works at.
        long empty = aSite().createdBy(admin);
        DB.jdbi().useHandle(h -> h.execute("delete from site where id = ?", empty));
        assertThat(DB.count("site", "id = " + empty)).isZero();
    }

    @Test
    void monthsComputedOnTwoConnectionsAreTheMonthsComputedOnOne() {
        Officer an = newOfficer("Lê Văn An");
        Officer binh = newOfficer("Trần Thị Bình");
        agent.deliver(touch(an, "2026-11-02", "07:41"), touch(an, "2026-11-02", "17:31"),
                touch(binh, "2026-11-03", "07:20"), touch(binh, "2026-11-03", "11:32"));
        // Every officer of the class, January to November: enough officer-days to be split over two connections.
        List<StaffDay> days = new ArrayList<>();
        for (Object staff : DB.rows("select id from staff order by id").stream().map(r -> r.get("id")).toList()) {
            for (LocalDate d = LocalDate.parse("2026-01-01"); !d.isAfter(LocalDate.parse("2026-11-25")); d = d.plusDays(1)) {
                days.add(new StaffDay((Long) staff, d));
            }
        }
        assertThat(AttendanceRecompute.groups(days, 2)).as("the days go in at least two groups").hasSizeGreaterThan(1);
        Clock clock = Clock.systemUTC();
        WorkingCalendar calendar = new WorkingCalendar(DB.jdbi(), LunarCalendar.VIETNAM, clock);
        String rows = "select staff_id, work_date, part, site_id, status, starts_at, ends_at, in_at, out_at, late_minutes,"
                + " early_leave_minutes, missing, leave_code, correction_id from attendance_session"
                + " where work_date between '2026-01-01' and '2026-11-25' order by staff_id, work_date, part";
        Runnable forget = () -> DB.jdbi().useHandle(h -> h.execute(
                "delete from attendance_session where work_date between '2026-01-01' and '2026-11-25'"));

        forget.run();
        assertThat(new AttendanceRecompute(DB.jdbi(), calendar, LeaveSource.NONE, clock, 1).recompute(days)).isEqualTo(days.size());
        List<Map<String, Object>> onOne = DB.rows(rows);
        forget.run();
        assertThat(new AttendanceRecompute(DB.jdbi(), calendar, LeaveSource.NONE, clock, 2).recompute(days)).isEqualTo(days.size());
        List<Map<String, Object>> onTwo = DB.rows(rows);

        assertThat(onTwo).isEqualTo(onOne);

        // The diff rule on two connections: the months recomputed unchanged write nothing, not even a touch.
        String stamps = "select staff_id, work_date, part, computed_at from attendance_session"
                + " where work_date between '2026-01-01' and '2026-11-25' order by staff_id, work_date, part";
        List<Map<String, Object>> stamped = DB.rows(stamps);
        String inRange = "days && daterange('2026-01-01', '2026-11-25', '[]')";
        long touches = DB.count("quality_touch", inRange);
        new AttendanceRecompute(DB.jdbi(), calendar, LeaveSource.NONE, clock, 2).recompute(days);
        assertThat(DB.rows(stamps)).isEqualTo(stamped);
        assertThat(DB.count("quality_touch", inRange)).isEqualTo(touches);

        // Days scattered over a long range (read one by one, not as the officers' whole range) are made right too:
        // a lost row comes back, an altered one is rewritten, the rest of the range stays as stored.
        DB.jdbi().useHandle(h -> {
            h.execute("delete from attendance_session where staff_id = ? and work_date = '2026-11-02' and part = 'MORNING'", an.id());
            h.execute("update attendance_session set late_minutes = 99 where staff_id = ? and work_date = '2026-01-05'", an.id());
        });
        new AttendanceRecompute(DB.jdbi(), calendar, LeaveSource.NONE, clock, 1).recompute(List.of(
                new StaffDay(an.id(), LocalDate.parse("2026-01-05")), new StaffDay(an.id(), LocalDate.parse("2026-11-02"))));
        assertThat(DB.rows(rows)).isEqualTo(onOne);
        assertThat(DB.rows(stamps)).filteredOn(r -> !r.get("staff_id").equals(an.id())
                || !Set.of("2026-01-05", "2026-11-02").contains(r.get("work_date").toString()))
                .isEqualTo(stamped.stream().filter(r -> !r.get("staff_id").equals(an.id())
                        || !Set.of("2026-01-05", "2026-11-02").contains(r.get("work_date").toString())).toList());
        assertThat(onTwo).filteredOn(r -> r.get("staff_id").equals(an.id()) && r.get("work_date").toString().equals("2026-11-02"))
                .extracting(r -> r.get("part") + " " + r.get("status")).containsExactly("AFTERNOON WORKED", "MORNING LATE");
    }

    @Test
    void parallelRecomputesAndIngestOfOneOfficerDayEndConsistent() throws Exception {
        Officer quang = newOfficer("Lý Văn Quang");
        String date = "2026-11-23";
        List<String> times = List.of("07:20", "07:29", "09:10", "10:40", "11:31", "12:45", "13:24", "15:00", "16:10", "17:33");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Integer>> work = new ArrayList<>();
            for (String t : times) {
                Map<String, Object> event = touch(quang, date, t);
                work.add(() -> agent.send(List.of(event)).status());
                work.add(() -> admin.get("/api/attendance/daily?siteId=" + site + "&date=" + date).status());
                work.add(() -> quang.api().get("/api/attendance/monthly?staffId=" + quang.id() + "&month=2026-11").status());
            }
            List<Future<Integer>> results = pool.invokeAll(work);
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> afterRace = readAll(sessionsOf(admin, quang, date));
        assertThat(afterRace).containsExactly("WORKED 07:20-12:45", "WORKED 13:24-17:33");
        assertThat(DB.count("attendance_session", "staff_id = " + quang.id() + " and work_date = '" + date + "'")).isEqualTo(2);

        // From scratch, the same answer.
        DB.jdbi().useHandle(h -> h.execute("delete from attendance_session where staff_id = ? and work_date = ?",
                quang.id(), LocalDate.parse(date)));
        assertThat(readAll(sessionsOf(admin, quang, date))).isEqualTo(afterRace);
    }
}
