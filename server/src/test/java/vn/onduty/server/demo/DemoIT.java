package vn.onduty.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/** The demo as ./onduty demo starts it: this month's history is there and computed, with work for the supervisor. */
class DemoIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(DemoIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("demo.enabled", "true"));

    @Test
    void officerFindsThisMonthComputedAndSupervisorAPendingCorrection() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        Api officer = Api.at(APP).loggedInAs("officer", "onduty-demo");
        long staffId = officer.get("/api/auth/me").json().get("staffId").asLong();
        JsonNode month = officer.get("/api/attendance/monthly?staffId=" + staffId + "&month=" + YearMonth.from(today)).json();

        long pastWeekdays = today.withDayOfMonth(1).datesUntil(today).filter(d -> d.getDayOfWeek().getValue() <= 5).count();
        long worked = 0;
        for (JsonNode day : month.get("days")) {
            for (JsonNode s : day.get("sessions")) {
                if (s.get("status").asText().matches("WORKED|LATE")) {
                    worked++;
                }
            }
        }
        if (pastWeekdays > 0) {
            assertThat(worked).as("sessions worked this month").isGreaterThan(0);
            Api supervisor = Api.at(APP).loggedInAs("supervisor", "onduty-demo");
            JsonNode pending = supervisor.get("/api/attendance/corrections?status=PENDING&toDecide=true").json();
            assertThat(pending.get("total").asLong()).isEqualTo(1);
            assertThat(DB.count("attendance_session", "status = 'LATE'")).isPositive();
            assertThat(DB.count("attendance_session", "status = 'ABSENT'")).isPositive();
        }
        assertThat(DB.count("attendance_session", "true")).as("computed at start").isPositive();
    }

    @Test
    void everyActiveOfficerOfEverySiteIsEnrolledOnASensorOfThatSite() {
        assertThat(DB.count("staff", "active")).isEqualTo(70);
        assertThat(DB.count("staff st", "st.active and not exists (select 1 from enrollment e join sensor se on se.id = e.sensor_id"
                + " join device_agent a on a.id = se.agent_id where e.staff_id = st.id and e.removed_at is null"
                + " and a.site_id = st.home_site_id)")).as("officers the live sensors cannot punch for").isZero();
        assertThat(DB.rows("select a.name, count(*) as n from enrollment e join sensor se on se.id = e.sensor_id"
                + " join device_agent a on a.id = se.agent_id group by a.name order by a.name"))
                .extracting(r -> r.get("name") + " " + r.get("n"))
                .containsExactly("Máy trạm Cơ sở 1 49", "Máy trạm Cơ sở 2 21");
    }

    @Test
    void theTerminalOfCoSo2IsAdoptedThereWithEachPinMappedToOneOfItsOfficers() {
        Api admin = Api.at(APP).loggedInAs("admin", "onduty-demo");
        JsonNode terminal = null;
        for (JsonNode t : admin.get("/api/terminals").json()) {
            if (t.get("serialNumber").asText().equals("ONDUTYDEMO0002")) {
                terminal = t;
            }
        }
        assertThat(terminal).as("the demo terminal ./onduty demo simulates").isNotNull();
        assertThat(terminal.get("status").asText()).isEqualTo("adopted");
        assertThat(terminal.get("siteName").asText()).endsWith("Cơ sở 2");
        JsonNode pins = admin.get("/api/terminals/" + terminal.get("id").asLong() + "/pins").json();
        assertThat(pins).hasSize(21).allSatisfy(p -> assertThat(p.get("staffId").isNull()).isFalse());
        assertThat(DB.count("terminal_pin m join staff st on st.id = m.staff_id join site si on si.id = st.home_site_id",
                "si.name not like '%Cơ sở 2'")).as("PINs mapped to officers of another site").isZero();
    }

    /**
     * Both sites' timesheets of this month and last month, as the supervisor reads them: every officer has a row,
     * nobody is V (absent) on every past working day, absences are the rare exception, and the seeded approved
     * leave shows as leave (P, Ô) rather than as work or absence.
     */
    @Test
    void timesheetsOfBothSitesShowWorkWithFewAbsencesAndTheApprovedLeaveAsLeave() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        Api admin = Api.at(APP).loggedInAs("admin", "onduty-demo");
        Map<String, Integer> absentInAMonth = new LinkedHashMap<>();
        Map<String, Integer> absent = new LinkedHashMap<>();
        Map<String, Integer> expected = new LinkedHashMap<>();
        List<String> leave = new ArrayList<>();
        int rows = 0;
        for (Map<String, Object> site : DB.rows("select id from site order by id")) {
            for (YearMonth month : List.of(YearMonth.from(today).minusMonths(1), YearMonth.from(today))) {
                JsonNode sheet = admin.get("/api/timesheets/" + month + "?siteId=" + site.get("id")).json();
                List<Integer> past = new ArrayList<>();
                for (int i = 0; i < sheet.get("days").size(); i++) {
                    JsonNode day = sheet.get("days").get(i);
                    if (!day.get("closed").asBoolean() && LocalDate.parse(day.get("date").asText()).isBefore(today)) {
                        past.add(i);
                    }
                }
                for (JsonNode row : sheet.get("rows")) {
                    rows++;
                    String code = row.get("code").asText();
                    expected.merge(code, past.size(), Integer::sum);
                    for (int i : past) {
                        String cell = row.get("cells").get(i).asText();
                        if (cell.contains("V")) {
                            absent.merge(code, 1, Integer::sum);
                            absentInAMonth.merge(code + " " + month, 1, Integer::sum);
                        }
                        if (cell.contains("P") || cell.contains("Ô")) {
                            leave.add(code + " " + sheet.get("days").get(i).get("date").asText() + " " + cell);
                        }
                    }
                }
            }
        }
        assertThat(rows).as("70 officers, two months").isEqualTo(140);
        assertThat(expected.values()).as("past working days of each officer").allSatisfy(n -> assertThat(n).isGreaterThan(2));
        absent.forEach((code, n) -> assertThat(n).as("days %s was absent", code).isLessThan(expected.get(code)));
        assertThat(absentInAMonth.values()).as("absences of an officer in a month").allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
        assertThat(absent.values().stream().mapToInt(Integer::intValue).sum()).as("absences in all").isLessThanOrEqualTo(8);
        assertThat(leave).as("the approved leave in the sheets").anySatisfy(c -> assertThat(c).endsWith(" P"))
                .anySatisfy(c -> assertThat(c).endsWith(" Ô"));
        assertThat(DB.count("punch p join leave_request l on l.staff_id = p.staff_id and l.status = 'APPROVED'",
                "cast(p.at at time zone 'Asia/Ho_Chi_Minh' as date) between l.start_date and l.end_date"))
                .as("punches on a day of approved leave (the demo's leave is whole days)").isZero();
    }

    /**
     * Last month's C01a-HD sheets of both sites, cell by cell, against the month worked out by hand from its calendar:
     * a working day holds one symbol (+ worked, V absent, P annual leave, Ô sick: the demo's leave is whole days), a
     * weekday holiday L, a weekend or other closed day nothing; and each officer's totals add up from the cells (a
     * + P L day is a day paid by time, V unpaid, Ô paid by social insurance) to exactly the month's working days and
     * weekday holidays: nobody in the demo started, left or took leave in calendar days that month.
     */
    @Test
    void lastMonthsSheetsAddUpCellByCellToTheMonthsWorkingDaysAndHolidays() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        YearMonth month = YearMonth.from(today).minusMonths(1);
        Api admin = Api.at(APP).loggedInAs("admin", "onduty-demo");
        int checked = 0;
        for (Map<String, Object> site : DB.rows("select id from site order by id")) {
            JsonNode sheet = admin.get("/api/timesheets/" + month + "?siteId=" + site.get("id")).json();
            int workingDays = 0;
            int weekdayHolidays = 0;
            for (JsonNode day : sheet.get("days")) {
                String type = day.get("type").asText();
                boolean weekday = LocalDate.parse(day.get("date").asText()).getDayOfWeek().getValue() <= 5;
                if (type.equals("WORKDAY") || type.equals("SWAPPED_WORKING_DAY")) {
                    workingDays++;
                } else if (type.equals("HOLIDAY") && weekday) {
                    weekdayHolidays++;
                }
            }
            for (JsonNode row : sheet.get("rows")) {
                double paid = 0;
                double unpaid = 0;
                double insurance = 0;
                for (int i = 0; i < sheet.get("days").size(); i++) {
                    JsonNode day = sheet.get("days").get(i);
                    String type = day.get("type").asText();
                    boolean weekday = LocalDate.parse(day.get("date").asText()).getDayOfWeek().getValue() <= 5;
                    String cell = row.get("cells").get(i).asText();
                    String where = row.get("code").asText() + " " + day.get("date").asText();
                    if (type.equals("WORKDAY") || type.equals("SWAPPED_WORKING_DAY")) {
                        assertThat(cell).as(where).isIn("+", "V", "P", "Ô");
                    } else if (type.equals("HOLIDAY") && weekday) {
                        assertThat(cell).as(where).isEqualTo("L");
                    } else {
                        assertThat(cell).as(where).isIn("", "NN");
                    }
                    switch (cell) {
                        case "+", "P", "L" -> paid++;
                        case "V" -> unpaid++;
                        case "Ô" -> insurance++;
                        default -> { }
                    }
                }
                assertThat(row.get("paidDays").asDouble()).as(row.get("code").asText()).isEqualTo(paid);
                assertThat(row.get("unpaidDays").asDouble()).as(row.get("code").asText()).isEqualTo(unpaid);
                assertThat(row.get("insuranceDays").asDouble()).as(row.get("code").asText()).isEqualTo(insurance);
                assertThat(paid + unpaid + insurance).as("%s: every working day and weekday holiday, once",
                        row.get("code").asText()).isEqualTo(workingDays + weekdayHolidays);
                checked++;
            }
        }
        assertThat(checked).as("every officer of both sites").isEqualTo(70);
    }

    @Test
    void supervisorsDashboardHasLastMonthsTicketsAndUnattendedQueueMinutesPerCounter() {
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Ho_Chi_Minh"));
        LocalDate lastMonth = today.withDayOfMonth(1).minusMonths(1);
        Api supervisor = Api.at(APP).loggedInAs("supervisor", "onduty-demo");
        long site = (Long) DB.rows("select id from site order by id limit 1").get(0).get("id");

        JsonNode kpis = supervisor.get("/api/quality/kpis?siteId=" + site + "&from=" + lastMonth + "&to="
                + lastMonth.plusMonths(1).minusDays(1)).json().get(0);
        JsonNode joined = supervisor.get("/api/quality/joined?siteId=" + site + "&from=" + today.minusDays(7) + "&to="
                + today.minusDays(1)).json();

        assertThat(kpis.get("issued").asLong()).as("a month of tickets").isGreaterThan(1000);
        assertThat(kpis.get("satisfactionPercent").asDouble()).isBetween(50.0, 100.0);
        assertThat(joined.get("counters")).anySatisfy(c -> assertThat(c.get("unattendedQueueMinutes").isNumber()).isTrue());
        // The camera's generated history covers the same days as the tickets, so the month is not mostly unknown.
        JsonNode month = supervisor.get("/api/quality/joined?siteId=" + site + "&from=" + lastMonth + "&to="
                + today.minusDays(1)).json();
        assertThat(month.get("counters")).filteredOn(c -> c.get("watched").asBoolean()).hasSize(4)
                .allSatisfy(c -> assertThat(c.get("coveragePercent").asDouble()).isGreaterThan(60.0));
        assertThat(supervisor.withHeader("Accept", "text/html").get("/quality?siteId=" + site).status()).isEqualTo(200);
    }
}
