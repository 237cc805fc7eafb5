package vn.onduty.server.roster;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.LunarCalendar;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The roster API against the real database: templates and day changes stored, audited and overlaid;
 * bad input refused naming the field; double bookings refused naming both counters; who may read and
 * change which site's roster. Each test builds a site of its own, so the tests do not depend on each other.
 */
class RosterIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(RosterIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    /** Monday 1 March 2027: a working day at a site on the default calendar, and after today. */
    static final LocalDate MONDAY = LocalDate.of(2027, 3, 1);
    static final String ADMIN_PASSWORD = "admin-password-1";
    static Api admin;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", ADMIN_PASSWORD);
        admin = Api.at(APP).loggedInAs("quantri", ADMIN_PASSWORD);
    }

    /** A site with two counters of one department, three officers there and one at another site. */
    record Site(long id, long q1, long q2, long lan, long nam, long hung, long elsewhere, long otherSiteCounter) {}

    static Site aRosteredSite() {
        long site = aSite().createdBy(admin);
        long other = aSite().createdBy(admin);
        long dept = aDepartment().createdBy(admin);
        long q1 = aCounter(site).with("number", 1).with("name", "Quầy 1 – Sở Tư pháp").with("departmentId", dept).createdBy(admin);
        long q2 = aCounter(site).with("number", 2).with("name", "Quầy 2 – Sở Tư pháp").with("departmentId", dept).createdBy(admin);
        return new Site(site, q1, q2,
                aStaff(dept, site).with("fullName", "Nguyễn Thị Lan").createdBy(admin),
                aStaff(dept, site).with("fullName", "Hoàng Văn Nam").createdBy(admin),
                aStaff(dept, site).with("fullName", "Lê Văn Hùng").createdBy(admin),
                aStaff(dept, other).with("fullName", "Đỗ Minh Khôi").createdBy(admin),
                aCounter(other).createdBy(admin));
    }

    /** Lan on counter 1 and Nam on counter 2, Monday to Friday, both sessions, from {@code from}. */
    static Map<String, Object> weekdays(Site s, LocalDate from) {
        List<Map<String, Object>> slots = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            for (String part : List.of("MORNING", "AFTERNOON")) {
                slots.add(slot(s.q1(), day, part, s.lan()));
                slots.add(slot(s.q2(), day, part, s.nam()));
            }
        }
        return template(from, null, slots);
    }

    static Map<String, Object> slot(long counter, String weekday, String part, long staff) {
        return Map.of("counterId", counter, "weekday", weekday, "part", part, "staffId", staff);
    }

    static Map<String, Object> template(LocalDate from, LocalDate until, List<Map<String, Object>> slots) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("validFrom", from.toString());
        body.put("validUntil", until == null ? null : until.toString());
        body.put("slots", slots);
        return body;
    }

    static Map<String, Object> change(long counter, LocalDate date, String part, String kind, Long staff, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("counterId", counter);
        body.put("date", date.toString());
        body.put("part", part);
        body.put("kind", kind);
        body.put("staffId", staff);
        body.put("reason", reason);
        return body;
    }

    static Reply put(Api as, Site s, Map<String, Object> body) {
        return as.put("/api/roster/template?siteId=" + s.id(), body);
    }

    /** "1 MORNING Nguyễn Thị Lan TEMPLATE" for each assignment of a date. */
    static List<String> roster(Api as, Site s, LocalDate date) {
        Reply r = as.get("/api/roster?siteId=" + s.id() + "&date=" + date);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return StreamSupport.stream(r.json().get("assignments").spliterator(), false).map(RosterIT::describe).toList();
    }

    static String describe(JsonNode a) {
        String officer = a.get("officer").isNull() ? "-" : a.get("officer").get("name").asText();
        String line = a.get("counterNumber").asInt() + " " + a.get("part").asText() + " " + officer + " " + a.get("source").asText();
        if (a.get("closed").asBoolean()) {
            line += " closed";
        }
        if (!a.get("substituted").isNull()) {
            line += " for " + a.get("substituted").get("name").asText() + " (" + a.get("reason").asText() + ")";
        }
        return line;
    }

    static Api officerOf(long staff) {
        Org.Body account = anOfficerAccount(staff);
        account.create(admin);
        return Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);
    }

    static Api supervisorOf(long site) {
        Org.Body account = aSupervisorAccount(List.of(site), List.of());
        account.create(admin);
        return Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);
    }

    // ---- the roster of a date ----

    @Test
    void aSupervisorSetsTheTemplateSubstitutesAnOfficerAndRevokesIt() {
        Site s = aRosteredSite();
        Api supervisor = supervisorOf(s.id());

        Reply saved = put(supervisor, s, weekdays(s, MONDAY));
        assertThat(saved.status()).as("%s", saved).isEqualTo(200);
        assertThat(saved.json().get("slots")).hasSize(20);
        assertThat(roster(supervisor, s, MONDAY.plusDays(1))).containsExactly(
                "1 MORNING Nguyễn Thị Lan TEMPLATE", "1 AFTERNOON Nguyễn Thị Lan TEMPLATE",
                "2 MORNING Hoàng Văn Nam TEMPLATE", "2 AFTERNOON Hoàng Văn Nam TEMPLATE");

        Reply sub = supervisor.post("/api/roster/changes",
                change(s.q1(), MONDAY.plusDays(1), "AFTERNOON", "SUBSTITUTION", s.hung(), "Chị Lan nghỉ phép buổi chiều"));
        assertThat(sub.status()).as("%s", sub).isEqualTo(201);
        assertThat(sub.json().get("replacedStaffId").asLong()).as("the officer rostered there").isEqualTo(s.lan());
        assertThat(roster(supervisor, s, MONDAY.plusDays(1))).containsExactly(
                "1 MORNING Nguyễn Thị Lan TEMPLATE",
                "1 AFTERNOON Lê Văn Hùng SUBSTITUTION for Nguyễn Thị Lan (Chị Lan nghỉ phép buổi chiều)",
                "2 MORNING Hoàng Văn Nam TEMPLATE", "2 AFTERNOON Hoàng Văn Nam TEMPLATE");
        assertThat(roster(supervisor, s, MONDAY.plusDays(2))).as("only that date")
                .contains("1 AFTERNOON Nguyễn Thị Lan TEMPLATE");

        Reply revoked = supervisor.post("/api/roster/changes/" + sub.id() + "/revoke", Map.of("reason", "Chị Lan đi làm lại"));
        assertThat(revoked.status()).as("%s", revoked).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        assertThat(roster(supervisor, s, MONDAY.plusDays(1))).contains("1 AFTERNOON Nguyễn Thị Lan TEMPLATE");
        Reply again = supervisor.post("/api/roster/changes/" + sub.id() + "/revoke", Map.of());
        assertThat(again.status()).as("%s", again).isEqualTo(409);
        assertThat(again.json().get("message").asText()).contains("already revoked");

        assertThat(DB.count("roster_change", "id = " + sub.id())).as("kept, never deleted").isEqualTo(1);
        assertThat(DB.rows("select action, entity_id from audit_event where (entity_type = 'roster_template' and entity_id = ?)"
                + " or (entity_type = 'roster_change' and entity_id = ?) order by id", String.valueOf(saved.id()), String.valueOf(sub.id())))
                .extracting(r -> r.get("action"))
                .containsExactly("roster_template.create", "roster_change.create", "roster_change.revoke");
        assertThat(DB.rows("select after ->> 'reason' as reason, after ->> 'replacedStaffName' as replaced from audit_event"
                + " where action = 'roster_change.create' and entity_id = ?", String.valueOf(sub.id())))
                .containsExactly(Map.of("reason", "Chị Lan nghỉ phép buổi chiều", "replaced", "Nguyễn Thị Lan"));
    }

    @Test
    void closedDaysHaveNoRosterAndADutySaturdayHasItsMorningOnly() {
        Site s = aRosteredSite();
        List<Map<String, Object>> slots = new ArrayList<>(List.of(slot(s.q1(), "SATURDAY", "MORNING", s.hung()),
                slot(s.q1(), "SATURDAY", "AFTERNOON", s.hung()), slot(s.q1(), "MONDAY", "MORNING", s.lan())));
        assertThat(put(admin, s, template(MONDAY, null, slots)).status()).isEqualTo(200);
        LocalDate saturday = MONDAY.plusDays(5);
        assertThat(roster(admin, s, saturday)).as("a rest day on the default calendar").isEmpty();
        assertThat(roster(admin, s, LocalDate.of(2027, 9, 2))).as("National Day").isEmpty();

        Map<String, Object> calendar = new LinkedHashMap<>();
        List<Map<String, Object>> week = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            week.add(Map.of("weekday", day, "part", "MORNING", "start", "07:30", "end", "11:30"));
            week.add(Map.of("weekday", day, "part", "AFTERNOON", "start", "13:30", "end", "17:00"));
        }
        calendar.putAll(Map.of("lateGraceMinutes", 5, "earlyLeaveGraceMinutes", 5, "punchInBeforeMinutes", 60,
                "punchOutAfterMinutes", 120, "sessions", week, "seasons", List.of(),
                "dutySaturdays", List.of(Map.of("date", saturday.toString(), "note", "Tiếp dân cuối tuần"))));
        assertThat(admin.put("/api/sites/" + s.id() + "/calendar", calendar).status()).isEqualTo(200);

        assertThat(roster(admin, s, saturday)).containsExactly("1 MORNING Lê Văn Hùng TEMPLATE", "2 MORNING - null");
        Reply afternoon = admin.post("/api/roster/changes", change(s.q2(), saturday, "AFTERNOON", "ASSIGN", s.nam(), null));
        assertThat(afternoon.status()).as("%s", afternoon).isEqualTo(422);
        assertThat(afternoon.json().get("details").toString()).contains("part: the site has no AFTERNOON session on 2027-03-06");
    }

    @Test
    void aNewTemplateVersionChangesTheRosterFromItsFirstDayOnly() {
        Site s = aRosteredSite();
        assertThat(put(admin, s, weekdays(s, MONDAY)).status()).isEqualTo(200);
        LocalDate april = LocalDate.of(2027, 4, 5);
        Reply summer = put(admin, s, template(april, LocalDate.of(2027, 4, 30),
                List.of(slot(s.q1(), "MONDAY", "MORNING", s.hung()))));
        assertThat(summer.status()).as("%s", summer).isEqualTo(200);

        assertThat(roster(admin, s, MONDAY.plusDays(28))).as("29 March").contains("1 MORNING Nguyễn Thị Lan TEMPLATE");
        assertThat(roster(admin, s, april)).containsExactly("1 MORNING Lê Văn Hùng TEMPLATE", "1 AFTERNOON - null",
                "2 MORNING - null", "2 AFTERNOON - null");
        assertThat(roster(admin, s, LocalDate.of(2027, 5, 10))).as("after it ends, the March template again")
                .contains("1 MORNING Nguyễn Thị Lan TEMPLATE", "2 AFTERNOON Hoàng Văn Nam TEMPLATE");

        Reply week = admin.get("/api/roster/range?siteId=" + s.id() + "&from=2027-04-05&to=2027-04-11");
        assertThat(week.status()).as("%s", week).isEqualTo(200);
        assertThat(week.json()).hasSize(7);
        assertThat(week.json().get(0).get("assignments").get(0).get("officer").get("name").asText()).isEqualTo("Lê Văn Hùng");
        assertThat(week.json().get(5).get("dayType").asText()).isEqualTo("REST_DAY");

        JsonNode inForce = admin.get("/api/roster/template?siteId=" + s.id() + "&date=2027-04-12").json();
        assertThat(inForce.get("inForce").get("id").asLong()).isEqualTo(summer.id());
        assertThat(inForce.get("versions")).hasSize(2);
    }

    // ---- refusals ----

    @Test
    void refusesToPutAnOfficerOnTwoCountersInOneSessionNamingBoth() {
        Site s = aRosteredSite();
        assertThat(put(admin, s, weekdays(s, MONDAY)).status()).isEqualTo(200);
        Map<String, String> before = DB.snapshot();

        Reply r = admin.post("/api/roster/changes", change(s.q2(), MONDAY, "MORNING", "ASSIGN", s.lan(), null));

        assertThat(r.status()).as("%s", r).isEqualTo(409);
        assertThat(r.json().get("message").asText()).contains("Nguyễn Thị Lan would be on counter 1 (Quầy 1 – Sở Tư pháp)"
                + " and counter 2 (Quầy 2 – Sở Tư pháp) in the MORNING session of 2027-03-01");
        assertThat(DB.snapshot()).isEqualTo(before);

        Reply inTemplate = put(admin, s, template(MONDAY, null, List.of(slot(s.q1(), "TUESDAY", "MORNING", s.hung()),
                slot(s.q2(), "TUESDAY", "MORNING", s.hung()))));
        assertThat(inTemplate.status()).as("%s", inTemplate).isEqualTo(409);
        assertThat(inTemplate.json().get("message").asText()).contains("counter 1 (Quầy 1 – Sở Tư pháp) and counter 2"
                + " (Quầy 2 – Sở Tư pháp) in the MORNING session of every TUESDAY");

        // Closing counter 1 frees Lan, so she may take counter 2; revoking the closing would then double-book her.
        Reply closed = admin.post("/api/roster/changes", change(s.q1(), MONDAY, "MORNING", "CLOSED", null, "Hỏng máy tính"));
        assertThat(closed.status()).as("%s", closed).isEqualTo(201);
        Reply moved = admin.post("/api/roster/changes", change(s.q2(), MONDAY, "MORNING", "ASSIGN", s.lan(), null));
        assertThat(moved.status()).as("%s", moved).isEqualTo(201);
        assertThat(roster(admin, s, MONDAY)).contains("1 MORNING - CHANGE closed", "2 MORNING Nguyễn Thị Lan CHANGE");
        Reply revoke = admin.post("/api/roster/changes/" + closed.id() + "/revoke", Map.of());
        assertThat(revoke.status()).as("%s", revoke).isEqualTo(409);
        assertThat(revoke.json().get("message").asText()).contains("would double-book", "Nguyễn Thị Lan");

        // A new template may not put an officer where a day change already put them elsewhere.
        LocalDate tuesday = MONDAY.plusDays(1);
        assertThat(admin.post("/api/roster/changes", change(s.q2(), tuesday, "MORNING", "ASSIGN", s.hung(), null)).status())
                .isEqualTo(201);
        Map<String, String> beforeTemplate = DB.snapshot();
        Reply clash = put(admin, s, template(MONDAY, null, List.of(slot(s.q1(), "TUESDAY", "MORNING", s.hung()))));
        assertThat(clash.status()).as("%s", clash).isEqualTo(409);
        assertThat(clash.json().get("message").asText()).contains("clashes with day changes already made",
                "Lê Văn Hùng would be on counter 1 (Quầy 1 – Sở Tư pháp) and counter 2 (Quầy 2 – Sở Tư pháp) in the MORNING"
                        + " session of 2027-03-02");
        assertThat(DB.snapshot()).isEqualTo(beforeTemplate);
    }

    /** The staff record as the API has it with another home site: an officer transferred. */
    static void moveTo(long staffId, long siteId) {
        JsonNode now = admin.get("/api/staff/" + staffId).json();
        Map<String, Object> body = new LinkedHashMap<>();
        for (String f : List.of("code", "fullName", "departmentId", "position", "serviceStartDate", "email", "phone")) {
            body.put(f, now.get(f).isNumber() ? now.get(f).asLong() : now.get(f).asText());
        }
        body.put("homeSiteId", siteId);
        Reply moved = admin.put("/api/staff/" + staffId, body);
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);
    }

    static String siteName(long siteId) {
        return admin.get("/api/sites/" + siteId).json().get("name").asText();
    }

    @Test
    void refusesToRosterAnOfficerAtTwoSitesInOneSessionNamingTheOtherSitesCounter() {
        // Lan staffs counter 1 of site A on weekdays; then she is transferred to site B, whose roster may now name her.
        Site a = aRosteredSite();
        assertThat(put(admin, a, weekdays(a, MONDAY)).status()).isEqualTo(200);
        long b = aSite().createdBy(admin);
        long dept = (Long) DB.rows("select department_id from staff where id = ?", a.lan()).get(0).get("department_id");
        long b1 = aCounter(b).with("number", 7).with("name", "Quầy 7 – Một cửa").createdBy(admin);
        long b2 = aCounter(b).with("number", 8).with("name", "Quầy 8 – Một cửa").createdBy(admin);
        long duc = aStaff(dept, b).with("fullName", "Phạm Văn Đức").createdBy(admin);
        moveTo(a.lan(), b);
        Api supervisorOfB = supervisorOf(b);
        String at = " at " + siteName(b) + " and counter 1 (Quầy 1 – Sở Tư pháp) at " + siteName(a.id());
        Map<String, String> before = DB.snapshot();

        Reply assign = supervisorOfB.post("/api/roster/changes", change(b1, MONDAY, "MORNING", "ASSIGN", a.lan(), null));
        assertThat(assign.status()).as("%s", assign).isEqualTo(409);
        assertThat(assign.json().get("message").asText()).contains("Nguyễn Thị Lan would be on counter 7 (Quầy 7 – Một cửa)"
                + at + " in the MORNING session of 2027-03-01");
        assertThat(DB.snapshot()).isEqualTo(before);

        assertThat(put(supervisorOfB, new Site(b, b1, b2, 0, 0, 0, 0, 0), template(MONDAY, null,
                List.of(slot(b2, "TUESDAY", "MORNING", duc)))).status()).isEqualTo(200);
        Map<String, String> withDuc = DB.snapshot();
        Reply substitute = supervisorOfB.post("/api/roster/changes",
                change(b2, MONDAY.plusDays(1), "MORNING", "SUBSTITUTION", a.lan(), "Anh Đức đi học"));
        assertThat(substitute.status()).as("%s", substitute).isEqualTo(409);
        assertThat(substitute.json().get("message").asText()).contains("Nguyễn Thị Lan would be on counter 8 (Quầy 8 – Một cửa)"
                + at + " in the MORNING session of 2027-03-02");
        assertThat(DB.snapshot()).isEqualTo(withDuc);

        // Site A closes counter 1 that Monday morning: Lan is free then, and site B may have her.
        Reply closed = admin.post("/api/roster/changes", change(a.q1(), MONDAY, "MORNING", "CLOSED", null, "Hỏng máy tính"));
        assertThat(closed.status()).as("%s", closed).isEqualTo(201);
        assertThat(supervisorOfB.post("/api/roster/changes", change(b1, MONDAY, "MORNING", "ASSIGN", a.lan(), null)).status())
                .isEqualTo(201);
        // Revoking the closing would put her back on site A's counter while site B has her.
        Reply revoke = admin.post("/api/roster/changes/" + closed.id() + "/revoke", Map.of());
        assertThat(revoke.status()).as("%s", revoke).isEqualTo(409);
        assertThat(revoke.json().get("message").asText()).contains("would double-book", "Nguyễn Thị Lan would be on counter 1"
                + " (Quầy 1 – Sở Tư pháp) at " + siteName(a.id()) + " and counter 7 (Quầy 7 – Một cửa) at " + siteName(b));

        // A template for site B from that Monday on: the Monday is free (site A closed the counter), the next is not.
        Map<String, String> beforeTemplate = DB.snapshot();
        Reply template = put(supervisorOfB, new Site(b, b1, b2, 0, 0, 0, 0, 0), template(MONDAY, null,
                List.of(slot(b1, "MONDAY", "MORNING", a.lan()), slot(b2, "TUESDAY", "MORNING", duc))));
        assertThat(template.status()).as("%s", template).isEqualTo(409);
        assertThat(template.json().get("message").asText()).contains("another site's roster", "the first such date: CB",
                "Nguyễn Thị Lan would be on counter 7 (Quầy 7 – Một cửa)" + at + " in the MORNING session of 2027-03-08");
        assertThat(DB.snapshot()).isEqualTo(beforeTemplate);

        // Once site A's template ends, site B's may have her from then on.
        assertThat(put(admin, a, template(LocalDate.of(2027, 4, 5), null, List.of(slot(a.q2(), "MONDAY", "MORNING", a.nam()))))
                .status()).isEqualTo(200);
        Reply later = put(supervisorOfB, new Site(b, b1, b2, 0, 0, 0, 0, 0), template(LocalDate.of(2027, 4, 5), null,
                List.of(slot(b1, "MONDAY", "MORNING", a.lan()))));
        assertThat(later.status()).as("%s", later).isEqualTo(200);
        assertThat(DB.count("audit_event", "action = 'roster_template.create' and entity_id = '" + later.id() + "'")).isEqualTo(1);
    }

    @Test
    void refusesBadTemplatesNamingTheField() {
        Site s = aRosteredSite();
        Map<String, String> before = DB.snapshot();

        assertError(put(admin, s, template(LocalDate.of(2020, 1, 6), null, List.of())), 422, "validFrom must be today");
        assertError(put(admin, s, template(MONDAY, MONDAY.minusDays(1), List.of())), 422, "validUntil must not be before validFrom");
        assertError(put(admin, s, template(MONDAY, null, List.of(slot(s.otherSiteCounter(), "MONDAY", "MORNING", s.lan())))),
                422, "slots[0].counterId " + s.otherSiteCounter() + " is not an active counter of this site");
        assertError(put(admin, s, template(MONDAY, null, List.of(slot(s.q1(), "MONDAY", "MORNING", s.elsewhere())))),
                422, "slots[0].staffId " + s.elsewhere() + " is not an active officer whose home site is this site");
        assertError(put(admin, s, template(MONDAY, null, List.of(slot(s.q1(), "SUNDAY", "MORNING", s.lan())))),
                422, "slots[0].weekday must be MONDAY to SATURDAY");
        assertError(put(admin, s, template(MONDAY, null, List.of(slot(s.q1(), "MONDAY", "MORNING", s.lan()),
                slot(s.q1(), "MONDAY", "MORNING", s.nam())))), 422, "slots[1] gives counter 1");
        assertError(put(admin, s, Map.of("slots", List.of())), 422, "validFrom");
        assertError(put(admin, s, template(MONDAY, null, List.of(Map.of("counterId", s.q1(), "weekday", "MONDAY",
                "part", "EVENING", "staffId", s.lan())))), 400, "part");
        assertThat(DB.snapshot()).isEqualTo(before);
    }

    @Test
    void refusesBadChangesNamingTheField() {
        Site s = aRosteredSite();
        assertThat(put(admin, s, weekdays(s, MONDAY)).status()).isEqualTo(200);
        long inactive = aStaff((Long) DB.rows("select department_id from staff where id = ?", s.lan()).get(0).get("department_id"),
                s.id()).createdBy(admin);
        assertThat(admin.post("/api/staff/" + inactive + "/deactivate", null).status()).isEqualTo(200);
        Map<String, String> before = DB.snapshot();

        assertError(admin.post("/api/roster/changes", change(s.q1(), MONDAY, "MORNING", "SUBSTITUTION", s.hung(), " ")),
                422, "reason is required for a SUBSTITUTION");
        assertError(admin.post("/api/roster/changes", change(s.q1(), MONDAY, "MORNING", "ASSIGN", null, null)),
                422, "staffId is required for ASSIGN");
        assertError(admin.post("/api/roster/changes", change(s.q1(), MONDAY, "MORNING", "CLOSED", s.hung(), null)),
                422, "staffId must be empty when the counter is CLOSED");
        assertError(admin.post("/api/roster/changes", change(s.q1(), MONDAY, "MORNING", "ASSIGN", inactive, null)),
                422, "staffId " + inactive + " is not an active officer");
        assertError(admin.post("/api/roster/changes", change(s.q1(), MONDAY, "MORNING", "ASSIGN", s.elsewhere(), null)),
                422, "is not an active officer whose home site is this site");
        assertError(admin.post("/api/roster/changes", change(s.q1(), MONDAY.minusDays(1), "MORNING", "CLOSED", null, null)),
                422, "part: the site has no MORNING session on 2027-02-28 (REST_DAY)");
        Map<String, Object> wrongReplaced = change(s.q1(), MONDAY, "MORNING", "SUBSTITUTION", s.hung(), "Đi học");
        wrongReplaced.put("replacedStaffId", s.nam());
        assertError(admin.post("/api/roster/changes", wrongReplaced), 422, "replacedStaffId " + s.nam()
                + " is not the officer rostered at counter 1 (Quầy 1 – Sở Tư pháp) then");
        assertError(admin.post("/api/roster/changes", change(999_999, MONDAY, "MORNING", "CLOSED", null, null)),
                422, "counterId 999999 is no counter");
        assertError(admin.post("/api/roster/changes", Map.of("counterId", s.q1(), "date", "01/03/2027", "part", "MORNING",
                "kind", "CLOSED")), 400, "date");
        assertError(admin.get("/api/roster?siteId=" + s.id() + "&date=mai"), 400, "date must be a date as yyyy-MM-dd");
        assertError(admin.get("/api/roster/range?siteId=" + s.id() + "&from=2027-03-01&to=2027-05-01"), 422,
                "to must be less than 31 days after from");
        assertError(admin.get("/api/roster?date=2027-03-01"), 422, "siteId is required");
        assertThat(admin.get("/api/roster?siteId=999999&date=2027-03-01").status()).isEqualTo(404);
        assertThat(admin.post("/api/roster/changes/999999/revoke", Map.of()).status()).isEqualTo(404);
        assertThat(DB.snapshot()).isEqualTo(before);
    }

    // ---- who may do what ----

    @Test
    void officersReadTheirOwnSitesRosterAndSupervisorsChangeOnlyTheirSites() {
        Site s = aRosteredSite();
        assertThat(put(admin, s, weekdays(s, MONDAY)).status()).isEqualTo(200);
        Api lan = officerOf(s.lan());
        Api khoi = officerOf(s.elsewhere());
        Api outOfScope = supervisorOf(aSite().createdBy(admin));
        Map<String, String> before = DB.snapshot();

        assertThat(roster(lan, s, MONDAY)).contains("1 MORNING Nguyễn Thị Lan TEMPLATE");
        assertThat(khoi.get("/api/roster?siteId=" + s.id() + "&date=" + MONDAY).status()).isEqualTo(403);
        assertThat(outOfScope.get("/api/roster?siteId=" + s.id() + "&date=" + MONDAY).status()).isEqualTo(403);
        assertThat(lan.post("/api/roster/changes", change(s.q1(), MONDAY, "MORNING", "CLOSED", null, null)).status()).isEqualTo(403);
        assertThat(put(lan, s, weekdays(s, MONDAY)).status()).isEqualTo(403);
        assertThat(outOfScope.post("/api/roster/changes", change(s.q1(), MONDAY, "MORNING", "CLOSED", null, null)).status())
                .isEqualTo(403);
        assertThat(put(outOfScope, s, weekdays(s, MONDAY)).status()).isEqualTo(403);
        assertThat(DB.snapshot()).isEqualTo(before);
    }

    // ---- the service other features call ----

    @Test
    void otherFeaturesAskWhoIsRosteredSubstituteForLeaveAndSeeEachCounterNow() {
        Site s = aRosteredSite();
        assertThat(put(admin, s, weekdays(s, MONDAY)).status()).isEqualTo(200);
        Clock clock = Clock.fixed(Instant.parse("2027-03-02T02:00:00Z"), ZoneOffset.UTC);
        RosterService service = new RosterService(DB.jdbi(),
                new AuditLog(DB.jdbi(), Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), clock),
                new AccessPolicy(DB.jdbi().onDemand(ScopeDao.class)), new WorkingCalendar(DB.jdbi(), LunarCalendar.VIETNAM, clock),
                clock);
        LocalDate tuesday = MONDAY.plusDays(1);

        assertThat(service.rosteredAt(s.lan(), tuesday, SessionPart.MORNING)).map(Assignment::counterId).contains(s.q1());
        assertThat(service.rosteredAt(s.hung(), tuesday, SessionPart.MORNING)).isEmpty();

        List<RosterChange> made = service.assignSubstitute(Caller.system("leave"), s.lan(), s.hung(), tuesday,
                SessionPart.MORNING, "Nghỉ phép năm (đơn 17)");
        assertThat(made).extracting(RosterChange::counterId, RosterChange::replacedStaffId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(s.q1(), s.lan()));
        assertThat(service.rosteredAt(s.hung(), tuesday, SessionPart.MORNING)).map(Assignment::source).contains(Source.SUBSTITUTION);
        assertThat(service.rosteredAt(s.lan(), tuesday, SessionPart.MORNING)).isEmpty();
        assertThat(service.assignSubstitute(Caller.system("leave"), s.lan(), s.hung(), tuesday.plusDays(4),
                SessionPart.MORNING, "Nghỉ phép")).as("not rostered on a Saturday: nothing to cover").isEmpty();
        assertThat(DB.count("audit_event", "action = 'roster_change.create' and actor = 'system:leave'")).isEqualTo(1);

        List<RosterDay> week = service.days(s.id(), MONDAY, MONDAY.plusDays(6));
        assertThat(week).hasSize(7);
        assertThat(week.get(1).at(s.q1(), SessionPart.MORNING).orElseThrow().officer().name()).isEqualTo("Lê Văn Hùng");

        // 09:00 in Hanoi on Tuesday: the morning session is going on.
        assertThat(service.now(s.id(), Instant.parse("2027-03-02T02:00:00Z")))
                .extracting(c -> c.counterNumber() + " " + c.state() + " " + c.part() + " " + c.officer().name() + " " + c.source())
                .containsExactly("1 CURRENT MORNING Lê Văn Hùng SUBSTITUTION", "2 CURRENT MORNING Hoàng Văn Nam TEMPLATE");
        // 12:00: the afternoon is next.
        assertThat(service.now(s.id(), Instant.parse("2027-03-02T05:00:00Z")))
                .extracting(c -> c.counterNumber() + " " + c.state() + " " + c.part() + " " + c.officer().name())
                .containsExactly("1 NEXT AFTERNOON Nguyễn Thị Lan", "2 NEXT AFTERNOON Hoàng Văn Nam");
    }

    private static void assertError(Reply r, int status, String mentioned) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        assertThat(r.json().get("code").asInt()).isEqualTo(status);
        assertThat(r.body()).as("%s", r).contains(mentioned);
    }
}
