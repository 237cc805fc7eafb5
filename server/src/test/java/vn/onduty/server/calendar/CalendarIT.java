package vn.onduty.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.calendar.CalendarDay.DayType;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.MovableClock;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The holiday schedule and site calendars through the API and the admin pages, against the real
 * database: what is stored, what is audited, what is refused, and that the working calendar follows each change.
 * Each test works on a year of its own, so the tests do not depend on each other's order.
 */
class CalendarIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(CalendarIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String ADMIN = "quantri";
    static final String ADMIN_PASSWORD = "admin-password-1";
    static Api admin;
    static Api officer;
    static long site;
    static long otherSite;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, ADMIN, ADMIN_PASSWORD);
        admin = Api.at(APP).loggedInAs(ADMIN, ADMIN_PASSWORD);
        site = aSite().createdBy(admin);
        otherSite = aSite().createdBy(admin);
        long staff = aStaff(aDepartment().createdBy(admin), site).createdBy(admin);
        Org.Body account = anOfficerAccount(staff);
        account.create(admin);
        officer = Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);
    }

    // ---- holidays ----

    @Test
    void showsTheComputedSuggestionsOfAYearNobodyStored() {
        Reply r = officer.get("/api/holidays?year=2027");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode year = r.json();
        assertThat(year.get("status").asText()).isEqualTo("SUGGESTED");
        assertThat(byKey(year)).containsEntry("tet_0", "2027-02-05").containsEntry("tet_1", "2027-02-06")
                .containsEntry("hung_kings", "2027-04-16").containsEntry("national_day", "2027-09-02");
        assertThat(year.get("days").get(0).get("id").isNull()).isTrue();
        assertThat(DB.count("holiday", "year = 2027")).isZero();
        assertThat(DB.count("holiday_year")).as("reading stores nothing").isEqualTo(DB.count("holiday_year", "year <> 2027"));
    }

    @Test
    void fillsTheSuggestionsOnceAndAuditsIt() {
        Reply first = admin.post("/api/holidays/2031/suggest", null);
        assertThat(first.status()).as("%s", first).isEqualTo(200);
        assertThat(first.json().get("status").asText()).isEqualTo("DRAFT");
        int days = first.json().get("days").size();
        assertThat(days).isGreaterThanOrEqualTo(11);
        assertThat(DB.count("holiday", "year = 2031 and suggestion is not null")).isEqualTo(days);
        assertThat(audits("holiday_year.suggest", "2031")).isEqualTo(1);

        Reply again = admin.post("/api/holidays/2031/suggest", null);
        assertThat(ids(again.json())).isEqualTo(ids(first.json()));
        assertThat(DB.count("holiday", "year = 2031")).isEqualTo(days);
        assertThat(audits("holiday_year.suggest", "2031")).as("nothing added, nothing audited").isEqualTo(1);
    }

    @Test
    void changesAndRemovesDaysFreelyBeforeTheYearIsConfirmed() {
        Reply created = admin.post("/api/holidays/days", day("2032-03-24", site, "DAY_OFF", "Ngày giải phóng tỉnh", null));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        long id = created.id();
        assertThat(created.json().get("siteId").asLong()).isEqualTo(site);
        assertThat(created.json().get("suggestion").isNull()).isTrue();
        // The first change to a year stores its suggestions with it: Tết does not disappear.
        JsonNode year = admin.get("/api/holidays?year=2032&siteId=" + site).json();
        assertThat(year.get("status").asText()).isEqualTo("DRAFT");
        assertThat(byKey(year)).containsKey("tet_1");
        assertThat(DB.rows("select after -> 'day' ->> 'name' as name from audit_event where action = 'holiday.create'"
                + " and entity_id = ?", String.valueOf(id))).containsExactly(Map.of("name", "Ngày giải phóng tỉnh"));

        Reply renamed = admin.put("/api/holidays/days/" + id, day("2032-03-24", site, "DAY_OFF", "Ngày giải phóng Huế", null));
        assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
        assertThat(renamed.id()).as("changed in place").isEqualTo(id);
        assertThat(DB.rows("select name from holiday where id = ?", id)).containsExactly(Map.of("name", "Ngày giải phóng Huế"));
        assertThat(DB.rows("select before ->> 'name' as before, after -> 'day' ->> 'name' as after from audit_event"
                + " where action = 'holiday.update' and entity_id = ?", String.valueOf(id)))
                .containsExactly(Map.of("before", "Ngày giải phóng tỉnh", "after", "Ngày giải phóng Huế"));

        // A suggested day given to one site only is no longer the nationwide suggestion.
        long victory = idOf(year, "victory_day");
        Reply moved = admin.put("/api/holidays/days/" + victory, day("2032-04-30", site, "DAY_OFF", "Ngày Chiến thắng", null));
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);
        assertThat(moved.json().get("suggestion").isNull()).isTrue();
        assertThat(moved.json().get("siteId").asLong()).isEqualTo(site);

        Reply deleted = admin.send("DELETE", "/api/holidays/days/" + id, null, null);
        assertThat(deleted.status()).as("%s", deleted).isEqualTo(204);
        assertThat(DB.count("holiday", "id = " + id)).isZero();
        assertThat(audits("holiday.delete", String.valueOf(id))).isEqualTo(1);
    }

    @Test
    void aConfirmedYearNeedsAReasonForEveryChangeAndKeepsWhatItReplaces() {
        Reply confirmed = admin.post("/api/holidays/2033/confirm", null);
        assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("CONFIRMED");
        assertThat(confirmed.json().get("confirmedBy").asText()).isEqualTo(ADMIN);
        assertThat(admin.post("/api/holidays/2033/confirm", null).status()).isEqualTo(200);
        assertThat(audits("holiday_year.confirm", "2033")).isEqualTo(1);
        assertError(unchanged(() -> admin.post("/api/holidays/2033/suggest", null)), 409, "confirmed");

        long adjacent = idOf(confirmed.json(), "national_day_adjacent");
        String date = dateOf(confirmed.json(), "national_day_adjacent");
        String otherDate = date.equals("2033-09-01") ? "2033-09-03" : "2033-09-01";
        assertError(unchanged(() -> admin.send("DELETE", "/api/holidays/days/" + adjacent, null, null)), 422, "reason");
        assertError(unchanged(() -> admin.put("/api/holidays/days/" + adjacent,
                day(otherDate, null, "DAY_OFF", "Quốc khánh (ngày liền kề)", " "))), 422, "reason");

        Reply moved = admin.put("/api/holidays/days/" + adjacent,
                day(otherDate, null, "DAY_OFF", "Quốc khánh (ngày liền kề)", "Thông báo của Bộ Nội vụ"));
        assertThat(moved.status()).as("%s", moved).isEqualTo(200);
        assertThat(moved.id()).as("a replacement, not an edit").isNotEqualTo(adjacent);
        assertThat(moved.json().get("replacesId").asLong()).isEqualTo(adjacent);
        assertThat(moved.json().get("suggestion").asText()).isEqualTo("national_day_adjacent");
        assertThat(DB.rows("select day::text as day, withdraw_reason from holiday where id = ? and withdrawn_at is not null",
                adjacent)).containsExactly(Map.of("day", date, "withdraw_reason", "Thông báo của Bộ Nội vụ"));
        assertThat(DB.rows("select after ->> 'reason' as reason from audit_event where action = 'holiday.update'"
                + " and entity_id = ?", String.valueOf(adjacent))).containsExactly(Map.of("reason", "Thông báo của Bộ Nội vụ"));
        assertError(unchanged(() -> admin.put("/api/holidays/days/" + adjacent,
                day(otherDate, null, "DAY_OFF", "Lần nữa", "lý do"))), 409, "withdrawn");

        Reply removed = admin.send("DELETE", "/api/holidays/days/" + moved.id() + "?reason=" + encode("Chính phủ đổi lịch"),
                null, null);
        assertThat(removed.status()).as("%s", removed).isEqualTo(204);
        assertThat(DB.rows("select withdraw_reason from holiday where id = ?", moved.id()))
                .containsExactly(Map.of("withdraw_reason", "Chính phủ đổi lịch"));
        JsonNode year = admin.get("/api/holidays?year=2033").json();
        assertThat(StreamSupport.stream(year.get("days").spliterator(), false)
                .filter(d -> d.get("id").asLong() == adjacent || d.get("id").asLong() == moved.id())
                .map(d -> d.get("withdrawnAt").isNull())).containsExactly(false, false);

        assertError(unchanged(() -> admin.post("/api/holidays/days", day("2033-12-31", null, "WORKING_DAY", "Làm bù", null))),
                422, "reason");
        assertThat(admin.post("/api/holidays/days", day("2033-12-31", null, "WORKING_DAY", "Làm bù", "Quyết định 12/QĐ"))
                .status()).isEqualTo(201);
    }

    @Test
    void refusesDaysThatBreakARuleNamingTheField() {
        assertError(unchanged(() -> admin.post("/api/holidays/days", day("2029-06-06", null, "WORKING_DAY", "Làm bù", null))),
                422, "date");
        assertError(unchanged(() -> admin.post("/api/holidays/days", day("2029-06-06", null, "DAY_OFF", " ", null))),
                422, "name");
        assertError(unchanged(() -> admin.post("/api/holidays/days", day("2029-06-06", 987654L, "DAY_OFF", "Nghỉ", null))),
                422, "siteId");
        assertError(unchanged(() -> admin.post("/api/holidays/days", day("2300-06-06", null, "DAY_OFF", "Nghỉ", null))),
                422, "date");
        assertError(unchanged(() -> admin.get("/api/holidays?year=2300")), 422, "year");
        assertError(unchanged(() -> admin.get("/api/holidays")), 422, "year");
        long id = admin.post("/api/holidays/days", day("2029-06-06", null, "DAY_OFF", "Nghỉ thêm", null)).id();
        assertError(unchanged(() -> admin.post("/api/holidays/days", day("2029-06-06", null, "DAY_OFF", "Lần hai", null))),
                409, "date");
        assertError(unchanged(() -> admin.put("/api/holidays/days/" + id, day("2030-06-06", null, "DAY_OFF", "Nghỉ", null))),
                422, "date");
        assertThat(admin.post("/api/holidays/days", day("2029-06-06", site, "DAY_OFF", "Riêng điểm này", null)).status())
                .as("the same date may have a site's own entry beside the nationwide one").isEqualTo(201);
        assertError(unchanged(() -> admin.get("/api/holidays/days/987654")), 404, "987654");
    }

    @Test
    void onlyAdminsChangeTheScheduleAndCalendars() {
        for (Reply r : List.of(
                unchanged(() -> officer.post("/api/holidays/days", day("2028-06-06", null, "DAY_OFF", "Nghỉ", null))),
                unchanged(() -> officer.post("/api/holidays/2028/suggest", null)),
                unchanged(() -> officer.post("/api/holidays/2028/confirm", null)),
                unchanged(() -> officer.put("/api/sites/" + site + "/calendar", calendar(List.of(), List.of()))))) {
            assertThat(r.status()).as("%s", r).isEqualTo(403);
            assertThat(r.json().get("code").asInt()).isEqualTo(403);
        }
        assertThat(officer.get("/api/sites/" + site + "/calendar").status()).isEqualTo(200);
        assertThat(officer.get("/api/sites/" + site + "/calendar/days?from=2028-06-01&to=2028-06-30").status()).isEqualTo(200);
    }

    // ---- site calendars ----

    @Test
    void replacesASiteCalendarAndItsDaysFollowAtOnce() {
        long s = aSite().createdBy(admin);
        JsonNode before = admin.get("/api/sites/" + s + "/calendar").json();
        assertThat(before.get("configured").asBoolean()).isFalse();
        assertThat(before.get("sessions")).hasSize(10);
        JsonNode monday = days(s, "2026-03-02", "2026-03-08").get("days").get(0);
        assertThat(monday.get("sessions").get(0).get("start").asText()).isEqualTo("07:30");
        assertThat(monday.get("scheduleConfirmed").asBoolean()).isFalse();

        Map<String, Object> winter = season("Giờ mùa đông", "10-16", "04-15", "08:00", "12:00", "13:00", "17:00");
        Reply put = admin.put("/api/sites/" + s + "/calendar", calendar(List.of(winter),
                List.of(Map.of("date", "2026-03-07", "note", "Tiếp dân cuối tuần"))));
        assertThat(put.status()).as("%s", put).isEqualTo(200);
        assertThat(put.json().get("configured").asBoolean()).isTrue();
        assertThat(put.json().get("seasons").get(0).get("from").asText()).isEqualTo("10-16");
        assertThat(admin.get("/api/sites/" + s + "/calendar").json()).isEqualTo(put.json());
        assertThat(DB.count("site_calendar_session", "site_id = " + s)).isEqualTo(20);
        assertThat(DB.rows("select before is null as first, after -> 'seasons' -> 0 ->> 'name' as season from audit_event"
                + " where action = 'site_calendar.update' and entity_id = ?", String.valueOf(s)))
                .containsExactly(Map.of("first", true, "season", "Giờ mùa đông"));

        JsonNode week = days(s, "2026-03-02", "2026-03-08");
        assertThat(week.get("workingDays").asInt()).isEqualTo(5);
        JsonNode mondaySession = week.get("days").get(0).get("sessions").get(0);
        assertThat(mondaySession.get("start").asText()).isEqualTo("08:00");
        assertThat(mondaySession.get("lateAfter").asText()).isEqualTo("08:05");
        assertThat(mondaySession.get("earlyBefore").asText()).isEqualTo("11:50");
        assertThat(mondaySession.get("punchFrom").asText()).isEqualTo("07:00");
        assertThat(mondaySession.get("punchUntil").asText()).isEqualTo("14:00");
        JsonNode saturday = week.get("days").get(5);
        assertThat(saturday.get("type").asText()).isEqualTo("DUTY_SATURDAY");
        assertThat(saturday.get("name").asText()).isEqualTo("Tiếp dân cuối tuần");
        assertThat(saturday.get("sessions")).hasSize(1);
        assertThat(week.get("days").get(6).get("type").asText()).isEqualTo("REST_DAY");
        assertThat(days(s, "2026-06-01", "2026-06-01").get("days").get(0).get("sessions").get(0).get("start").asText())
                .as("summer").isEqualTo("07:30");
    }

    @Test
    void refusesCalendarsThatBreakARuleNamingTheField() {
        Map<String, Object> bad = calendar(List.of(season("Mùa đông", "02-30", "04-15", "08:00", "12:00", "13:00", "17:00")),
                List.of(Map.of("date", "2026-03-08")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> sessions = (List<Map<String, Object>>) bad.get("sessions");
        sessions.set(1, session("MONDAY", "AFTERNOON", "11:00", "17:00"));
        Reply r = unchanged(() -> admin.put("/api/sites/" + site + "/calendar", bad));
        assertError(r, 422, "sessions[1].start");
        assertThat(r.json().get("details").toString()).contains("seasons[0].from", "dutySaturdays[0].date");

        Map<String, Object> noGrace = calendar(List.of(), List.of());
        noGrace.remove("lateGraceMinutes");
        assertError(unchanged(() -> admin.put("/api/sites/" + site + "/calendar", noGrace)), 422, "lateGraceMinutes");
        Map<String, Object> badWeekday = calendar(List.of(), List.of());
        badWeekday.put("sessions", List.of(session("MONDAYS", "MORNING", "07:30", "11:30")));
        assertError(unchanged(() -> admin.put("/api/sites/" + site + "/calendar", badWeekday)), 400, "weekday");
        assertError(unchanged(() -> admin.put("/api/sites/987654/calendar", calendar(List.of(), List.of()))), 404, "987654");
        assertError(unchanged(() -> admin.get("/api/sites/" + site + "/calendar/days?from=2026-03-01&to=2026-02-01")), 422, "to");
        assertError(unchanged(() -> admin.get("/api/sites/" + site + "/calendar/days?from=2026-03-01")), 422, "to");
        assertError(unchanged(() -> admin.get("/api/sites/987654/calendar/days?from=2026-03-01&to=2026-03-02")), 404, "987654");
    }

    @Test
    void theScheduleDecidesWorkingDaysAtEverySite() {
        // Tết 2026 as suggested: 16–20 Feb; a Saturday swapped in nationwide; a provincial day at one site.
        assertThat(days(otherSite, "2026-02-01", "2026-02-28").get("workingDays").asInt()).isEqualTo(15);
        assertThat(admin.post("/api/holidays/days", day("2026-02-28", null, "WORKING_DAY", "Làm bù", null)).status())
                .isEqualTo(201);
        assertThat(admin.post("/api/holidays/days", day("2026-02-27", otherSite, "DAY_OFF", "Lễ hội tỉnh", null)).status())
                .isEqualTo(201);
        JsonNode feb = days(otherSite, "2026-02-01", "2026-02-28");
        assertThat(feb.get("workingDays").asInt()).isEqualTo(15);
        assertThat(feb.get("days").get(26).get("type").asText()).isEqualTo("HOLIDAY");
        assertThat(feb.get("days").get(27).get("type").asText()).isEqualTo("SWAPPED_WORKING_DAY");
        assertThat(feb.get("days").get(16).get("name").asText()).isEqualTo("Tết Nguyên đán (mùng 1 tháng Giêng)");
        assertThat(days(site, "2026-02-01", "2026-02-28").get("workingDays").asInt())
                .as("the provincial day is only the other site's").isEqualTo(16);
    }

    @Test
    void theWorkingCalendarCachesAYearAndSeesAnotherInstancesChangeWithinTheRecheckInterval() {
        MovableClock clock = new MovableClock(Instant.parse("2035-03-01T00:00:00Z"));
        WorkingCalendar calendar = new WorkingCalendar(DB.jdbi(), LunarCalendar.VIETNAM, clock, Duration.ofSeconds(2));
        LocalDate monday = LocalDate.of(2035, 3, 5);
        assertThat(calendar.day(otherSite, monday).type()).isEqualTo(DayType.WORKDAY);
        assertThat(calendar.workingDays(otherSite, LocalDate.of(2035, 3, 1), LocalDate.of(2035, 3, 31))).isEqualTo(22);

        // Changed through the application: another instance, as far as this calendar knows.
        assertThat(admin.post("/api/holidays/days", day("2035-03-05", null, "DAY_OFF", "Nghỉ đột xuất", null)).status())
                .isEqualTo(201);
        assertThat(calendar.day(otherSite, monday).type()).as("still the cached year").isEqualTo(DayType.WORKDAY);
        clock.advance(Duration.ofSeconds(2));
        CalendarDay after = calendar.day(otherSite, monday);
        assertThat(after.type()).isEqualTo(DayType.HOLIDAY);
        assertThat(after.name()).isEqualTo("Nghỉ đột xuất");
        assertThat(calendar.workingDays(otherSite, LocalDate.of(2035, 3, 1), LocalDate.of(2035, 3, 31))).isEqualTo(21);
        assertThat(calendar.day(otherSite, LocalDate.of(2035, 2, 8)).holiday()).as("Tết 2035, from the suggestions").isTrue();
        assertThatThrownBy(() -> calendar.day(987654, monday)).isInstanceOf(NotFoundException.class);
    }

    // ---- pages ----

    @Test
    void adminKeepsAYearsScheduleOnItsPage() {
        Api browser = browser();
        String csrf = Browser.csrfToken(APP, session);
        Reply overview = browser.get("/admin/calendar");
        assertThat(overview.status()).as("%s", overview).isEqualTo(200);
        assertThat(overview.body()).contains("Lịch làm việc", "href=\"/admin/sites/" + site + "/calendar\"");

        Reply year = browser.get("/admin/holidays?year=2036");
        assertThat(year.status()).as("%s", year).isEqualTo(200);
        assertThat(year.body()).contains("Lịch nghỉ lễ, Tết năm 2036", "đang áp dụng các ngày gợi ý",
                "Tết Nguyên đán (mùng 1 tháng Giêng)", "Giỗ Tổ Hùng Vương");

        Reply wednesday = unchanged(() -> browser.postRaw("/admin/holidays/days", FORM, Browser.form("_csrf", csrf,
                "year", "2036", "date", "2036-03-05", "kind", "WORKING_DAY", "siteId", "", "name", "Làm bù", "reason", "")));
        assertThat(wednesday.status()).isEqualTo(422);
        assertThat(wednesday.body()).contains("Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.", "aria-invalid=\"true\"");

        Reply added = browser.postRaw("/admin/holidays/days", FORM, Browser.form("_csrf", csrf, "year", "2036",
                "date", "2036-03-08", "kind", "WORKING_DAY", "siteId", "", "name", "Làm bù cho Tết", "reason", ""));
        assertThat(added.status()).as("%s", added).isEqualTo(303);
        assertThat(added.header("Location").orElseThrow()).endsWith("/admin/holidays?year=2036&done=created");
        long id = (Long) DB.rows("select id from holiday where name = 'Làm bù cho Tết'").get(0).get("id");

        assertThat(browser.postRaw("/admin/holidays/2036/confirm", FORM, Browser.form("_csrf", csrf)).status()).isEqualTo(303);
        assertThat(browser.get("/admin/holidays?year=2036&done=confirmed").body())
                .contains("Đã xác nhận lịch nghỉ chính thức của năm.", "Lịch chính thức, xác nhận lúc", ADMIN);

        Reply edit = browser.get("/admin/holidays/days/" + id);
        assertThat(edit.status()).isEqualTo(200);
        assertThat(edit.body()).contains("Lịch năm này đã được xác nhận");
        Reply noReason = unchanged(() -> browser.postRaw("/admin/holidays/days/" + id + "/delete", FORM,
                Browser.form("_csrf", csrf, "reason", "")));
        assertThat(noReason.status()).isEqualTo(422);
        assertThat(noReason.body()).contains("mọi thay đổi phải ghi rõ lý do");
        assertThat(browser.postRaw("/admin/holidays/days/" + id + "/delete", FORM,
                Browser.form("_csrf", csrf, "reason", "Chính phủ bỏ ngày làm bù")).status()).isEqualTo(303);
        assertThat(browser.get("/admin/holidays?year=2036").body()).contains("class=\"withdrawn\"", "Chính phủ bỏ ngày làm bù");
    }

    @Test
    void adminSetsASitesHoursOnItsPageWithProblemsBesideTheirCells() {
        long s = aSite().createdBy(admin);
        Api browser = browser();
        String csrf = Browser.csrfToken(APP, session);
        Reply page = browser.get("/admin/sites/" + s + "/calendar?month=2027-02");
        assertThat(page.status()).as("%s", page).isEqualTo(200);
        assertThat(page.body()).contains("chưa thiết lập giờ làm việc riêng", "Số ngày làm việc: 15",
                "Tết Nguyên đán (mùng 1 tháng Giêng)", "value=\"07:30\"");

        List<String> form = calendarForm(csrf);
        form.addAll(List.of("w.MONDAY.MORNING.start", "07:30", "w.MONDAY.MORNING.end", "07:00", "s0.name", "Giờ mùa đông", "s0.from", "16/10",
                "s0.to", "31/4", "dutySaturdays", "07/03/2026 Tiếp dân\n08/03/2026"));
        Reply bad = unchanged(() -> browser.postRaw("/admin/sites/" + s + "/calendar", FORM,
                Browser.form(form.toArray(String[]::new))));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("Giờ kết thúc phải sau giờ bắt đầu.", "id=\"e-w.MONDAY.MORNING.end\"",
                "id=\"e-s0.to\"", "Dòng 2: Ngày này không phải thứ Bảy.", "value=\"Giờ mùa đông\"");

        List<String> good = calendarForm(csrf);
        good.addAll(List.of("w.MONDAY.MORNING.start", "07:30", "w.MONDAY.MORNING.end", "11:30", "s0.name", "Giờ mùa đông", "s0.from", "16/10", "s0.to", "15/4",
                "s0.MONDAY.MORNING.start", "08:00", "s0.MONDAY.MORNING.end", "12:00", "s1.name", "",
                "dutySaturdays", "07/03/2026 Tiếp dân"));
        Reply saved = browser.postRaw("/admin/sites/" + s + "/calendar", FORM, Browser.form(good.toArray(String[]::new)));
        assertThat(saved.status()).as("%s", saved).isEqualTo(303);
        JsonNode stored = admin.get("/api/sites/" + s + "/calendar").json();
        assertThat(stored.get("seasons").get(0).get("to").asText()).isEqualTo("04-15");
        assertThat(stored.get("seasons").get(0).get("sessions")).hasSize(1);
        assertThat(stored.get("dutySaturdays").get(0).get("note").asText()).isEqualTo("Tiếp dân");
        assertThat(browser.get("/admin/sites/" + s + "/calendar?month=2026-03").body())
                .contains("value=\"16/10\"", "Trực sáng thứ Bảy: Tiếp dân", "08:00–12:00");
    }

    @Test
    void officersDoNotSeeTheCalendarAdminPages() {
        for (String path : List.of("/admin/calendar", "/admin/holidays?year=2026", "/admin/sites/" + site + "/calendar")) {
            Reply r = officer.withHeader("Accept", Browser.ACCEPT).get(path);
            assertThat(r.status()).as("%s", r).isEqualTo(403);
        }
    }

    // ---- helpers ----

    static final String FORM = "application/x-www-form-urlencoded";
    static String session;

    static synchronized Api browser() {
        if (session == null) {
            session = Browser.session(APP, ADMIN, ADMIN_PASSWORD);
        }
        return Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session);
    }

    /** The calendar form as the page sends it for the default week but Monday morning, which each test fills. */
    static List<String> calendarForm(String csrf) {
        List<String> f = new ArrayList<>(List.of("_csrf", csrf, "lateGraceMinutes", "5", "earlyLeaveGraceMinutes", "5",
                "punchInBeforeMinutes", "60", "punchOutAfterMinutes", "120"));
        for (String d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            if (!d.equals("MONDAY")) {
                f.addAll(List.of("w." + d + ".MORNING.start", "07:30", "w." + d + ".MORNING.end", "11:30"));
            }
            f.addAll(List.of("w." + d + ".AFTERNOON.start", "13:30", "w." + d + ".AFTERNOON.end", "17:00"));
        }
        return f;
    }


    static Map<String, Object> day(String date, Long siteId, String kind, String name, String reason) {
        Map<String, Object> m = new HashMap<>();
        m.put("date", date);
        m.put("siteId", siteId);
        m.put("kind", kind);
        m.put("name", name);
        m.put("reason", reason);
        return m;
    }

    static Map<String, Object> calendar(List<Map<String, Object>> seasons, List<Map<String, Object>> dutySaturdays) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lateGraceMinutes", 5);
        m.put("earlyLeaveGraceMinutes", 10);
        m.put("punchInBeforeMinutes", 60);
        m.put("punchOutAfterMinutes", 120);
        m.put("sessions", week("07:30", "11:30", "13:30", "17:00"));
        m.put("seasons", seasons);
        m.put("dutySaturdays", dutySaturdays);
        return m;
    }

    static Map<String, Object> season(String name, String from, String to, String ms, String me, String as, String ae) {
        return Map.of("name", name, "from", from, "to", to, "sessions", week(ms, me, as, ae));
    }

    static List<Map<String, Object>> week(String ms, String me, String as, String ae) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String d : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            out.add(session(d, "MORNING", ms, me));
            out.add(session(d, "AFTERNOON", as, ae));
        }
        return out;
    }

    static Map<String, Object> session(String weekday, String part, String start, String end) {
        return Map.of("weekday", weekday, "part", part, "start", start, "end", end);
    }

    static JsonNode days(long siteId, String from, String to) {
        Reply r = admin.get("/api/sites/" + siteId + "/calendar/days?from=" + from + "&to=" + to);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.json();
    }

    static Map<String, String> byKey(JsonNode year) {
        Map<String, String> out = new LinkedHashMap<>();
        year.get("days").forEach(d -> {
            if (!d.get("suggestion").isNull() && d.get("withdrawnAt").isNull()) {
                out.put(d.get("suggestion").asText(), d.get("date").asText());
            }
        });
        return out;
    }

    static long idOf(JsonNode year, String key) {
        return StreamSupport.stream(year.get("days").spliterator(), false)
                .filter(d -> key.equals(d.get("suggestion").asText()) && d.get("withdrawnAt").isNull())
                .findFirst().orElseThrow().get("id").asLong();
    }

    static String dateOf(JsonNode year, String key) {
        return byKey(year).get(key);
    }

    static List<Long> ids(JsonNode year) {
        return StreamSupport.stream(year.get("days").spliterator(), false).map(d -> d.get("id").asLong()).toList();
    }

    static long audits(String action, String entityId) {
        return DB.count("audit_event", "action = '" + action + "' and entity_id = '" + entityId + "'");
    }

    static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Reply unchanged(Supplier<Reply> request) {
        Map<String, String> before = DB.snapshot();
        Reply r = request.get();
        assertThat(DB.snapshot()).as("rows after %s", r).isEqualTo(before);
        return r;
    }

    private static void assertError(Reply r, int status, String mentioned) {
        assertThat(r.status()).as("%s", r).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.get("code").asInt()).isEqualTo(status);
        assertThat(body.get("message").asText() + " " + body.path("details")).as("%s", r).contains(mentioned);
    }
}
