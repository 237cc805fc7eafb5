package vn.onduty.server.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Tickets.at;
import static vn.onduty.server.testing.Tickets.batch;
import static vn.onduty.server.testing.Tickets.ticket;
import static vn.onduty.server.testing.Tickets.with;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Tickets in through the API (merged, idempotent, refused whole by index), the KPIs of a crafted day
 * counted by hand, the waiting target, and the joined measures of the same day with the camera's
 * intervals delivered by the site's agent. The day is Wednesday 25/11/2026, sessions 07:30–11:30 and
 * 13:30–17:00, as in {@link JoinedMeasuresTest}.
 */
class QualityIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(QualityIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String DAY = "2026-11-25";
    static Api admin;
    static Api supervisor;
    static long site;
    static long otherSite;
    static long counter;
    static int counterNumber;
    static DeviceAgent agent;

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        Org.workingUntilFivePm(admin, site);
        otherSite = aSite().createdBy(admin);
        Org.Body c = aCounter(site).with("services", List.of("Hộ tịch"));
        counter = c.createdBy(admin);
        counterNumber = (Integer) c.get("number");
        agent = DeviceAgent.register(APP, admin, site);
        Org.Body account = aSupervisorAccount(List.of(site), List.of());
        account.create(admin);
        supervisor = Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);

        long camera = Cameras.create(admin, Cameras.aCamera(site));
        long zone = Cameras.zone(admin, camera, counter, Cameras.seat(0));
        String[][] changes = {{"07:00", "unknown", "agent_start"}, {"07:40", "occupied", null}, {"09:00", "empty", null},
                {"09:25", "occupied", null}, {"11:30", "empty", null}, {"13:45", "occupied", null},
                {"16:00", "unknown", "stream_lost"}, {"16:10", "occupied", null}, {"17:00", "empty", null},
                {"23:59", "unknown", "agent_start"}};
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < changes.length; i++) {
            events.add(Cameras.occupancy(camera, i + 1, at(DAY, changes[i][0]), zone, counter, changes[i][1], changes[i][2]));
        }
        agent.deliver(events);

        // The day's tickets for counter's service (Hộ tịch), and T7 with no service named.
        Reply r = agent.api().post("/api/tickets", batch(null, day()));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    /**
     * T1 07:35→07:50, served to 08:00, 5 stars. T2 08:55→09:20, served 09:20–09:30, 2 stars. T3 09:10→09:30, served to
     * 09:45, "satisfied" of 3 levels. T4 13:20→13:50, no-show. T5 16:05, never called. T7 (no service) 14:00→14:10,
     * served to 14:20, not rated.
     */
    static List<Map<String, Object>> day() {
        return List.of(
                with(ticket("T1", at(DAY, "07:35")), "service", "Hộ tịch", "counterNumber", counterNumber,
                        "calledAt", at(DAY, "07:50"), "endedAt", at(DAY, "08:00"), "outcome", "SERVED", "rating", 5,
                        "ratingScale", "STARS5"),
                with(ticket("T2", at(DAY, "08:55")), "service", "Hộ tịch", "counterNumber", counterNumber,
                        "calledAt", at(DAY, "09:20"), "startedAt", at(DAY, "09:20"), "endedAt", at(DAY, "09:30"),
                        "outcome", "SERVED", "rating", 2, "ratingScale", "STARS5"),
                with(ticket("T3", at(DAY, "09:10")), "service", "Hộ tịch", "counterNumber", counterNumber,
                        "calledAt", at(DAY, "09:30"), "endedAt", at(DAY, "09:45"), "outcome", "SERVED", "rating", 3,
                        "ratingScale", "LEVELS3"),
                with(ticket("T4", at(DAY, "13:20")), "service", "Hộ tịch", "calledAt", at(DAY, "13:50"), "outcome", "NO_SHOW"),
                with(ticket("T5", at(DAY, "16:05")), "service", "Hộ tịch"),
                with(ticket("T7", at(DAY, "14:00")), "counterNumber", counterNumber, "calledAt", at(DAY, "14:10"),
                        "endedAt", at(DAY, "14:20"), "outcome", "SERVED"));
    }

    @Test
    void theDaysKpisAreWhatAPersonCountsByHand() {
        JsonNode k = supervisor.get("/api/quality/kpis?siteId=" + site + "&from=" + DAY + "&to=" + DAY).json().get(0);

        assertThat(k.get("issued").asLong()).isEqualTo(6);
        // Served: T1, T2, T3, T7. No-show: T4, of the 5 with an outcome.
        assertThat(k.get("served").asLong()).isEqualTo(4);
        assertThat(k.get("noShowPercent").asDouble()).isEqualTo(20.0);
        // Waits of the called: 15, 25, 20, 30, 10 → average 20, longest 30; over 20 minutes: 25 and 30.
        assertThat(k.get("avgWaitMinutes").asDouble()).isEqualTo(20.0);
        assertThat(k.get("maxWaitMinutes").asDouble()).isEqualTo(30.0);
        assertThat(k.get("overTargetPercent").asDouble()).isEqualTo(40.0);
        // Service of the served: 10, 10, 15, 10 → 11.25 minutes, shown to one decimal.
        assertThat(k.get("avgServiceMinutes").asDouble()).isEqualTo(11.3);
        // Rated: 5 stars and the top of 3 levels are satisfied, 2 stars is not.
        assertThat(k.get("rated").asLong()).isEqualTo(3);
        assertThat(k.get("satisfactionPercent").asDouble()).isEqualTo(66.7);
    }

    @Test
    void kpisGroupByCounterAndService() {
        JsonNode byCounter = supervisor.get("/api/quality/kpis?siteId=" + site + "&from=" + DAY + "&to=" + DAY + "&by=counter").json();
        JsonNode byService = supervisor.get("/api/quality/kpis?siteId=" + site + "&from=" + DAY + "&to=" + DAY + "&by=service").json();

        assertThat(byCounter.get(0).get("key").asText()).isEqualTo(String.valueOf(counter));
        assertThat(byCounter.get(0).get("label").asText()).startsWith(counterNumber + " · ");
        assertThat(byCounter.get(0).get("issued").asLong()).as("T1, T2, T3, T7").isEqualTo(4);
        assertThat(byCounter.get(1).get("key").isNull()).as("T4, T5 at no counter").isTrue();
        assertThat(byService.get(0).get("key").asText()).isEqualTo("Hộ tịch");
        assertThat(byService.get(0).get("issued").asLong()).isEqualTo(5);
    }

    @Test
    void theTargetIsTheSitesOwnAndChangingItIsAudited() {
        String kpis = "/api/quality/kpis?siteId=" + site + "&from=" + DAY + "&to=" + DAY;
        Reply refused = supervisor.put("/api/quality/sites/" + site + "/target", Map.of("waitTargetMinutes", 29));
        Reply bad = admin.put("/api/quality/sites/" + site + "/target", Map.of("waitTargetMinutes", 0));
        Reply changed = admin.put("/api/quality/sites/" + site + "/target", Map.of("waitTargetMinutes", 29));
        try {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(bad.status()).isEqualTo(422);
            assertThat(bad.json().get("details").toString()).contains("waitTargetMinutes");
            assertThat(changed.json().get("waitTargetMinutes").asInt()).isEqualTo(29);
            assertThat(supervisor.get("/api/quality/sites/" + site + "/target").json().get("waitTargetMinutes").asInt())
                    .isEqualTo(29);
            // Only T4's 30 minutes is over 29.
            assertThat(supervisor.get(kpis).json().get(0).get("overTargetPercent").asDouble()).isEqualTo(20.0);
            assertThat(supervisor.get("/api/quality/sites/" + otherSite + "/target").status()).isEqualTo(403);
            assertThat(DB.count("audit_event", "action = 'quality_target.update' and entity_id = '" + site + "'")).isEqualTo(1);
        } finally {
            admin.put("/api/quality/sites/" + site + "/target", Map.of("waitTargetMinutes", 20));
        }
    }

    @Test
    void theJoinedDayCountsUnattendedQueueMinutesAndFlagsTheServiceAtAnEmptyCounter() {
        JsonNode joined = supervisor.get("/api/quality/joined?siteId=" + site + "&from=" + DAY + "&to=" + DAY).json();

        JsonNode c = joined.get("counters").get(0);
        assertThat(c.get("counterId").asLong()).isEqualTo(counter);
        assertThat(c.get("openingMinutes").asDouble()).isEqualTo(450.0);
        // T1 5 (unknown 07:35–07:40) + T2/T3 25 (empty 09:00–09:25) + T4 15 (empty 13:30–13:45) + T5 5 (unknown 16:05–16:10).
        assertThat(c.get("unattendedQueueMinutes").asDouble()).isEqualTo(50.0);
        assertThat(joined.get("days").get(0).get("unattendedQueueMinutes").asDouble()).isEqualTo(50.0);
        // T2 was served 09:20–09:30 while the camera saw the seat empty until 09:25.
        assertThat(joined.get("flags")).hasSize(1);
        assertThat(joined.get("flags").get(0).get("kind").asText()).isEqualTo("SERVED_AT_EMPTY_COUNTER");
        assertThat(joined.get("flags").get(0).get("ticketNumber").asText()).isEqualTo("T2");
    }

    @Test
    void aCoverForLeaveNamesTheLeaveRequestAndAManualSubstitutionKeepsItsReason() throws Exception {
        // Tuesday 24/11, a day of its own: officer Xuân at the counter by day changes, Yến and Dũng of her department.
        String day = "2026-11-24";
        long department = Org.aDepartment().createdBy(admin);
        long xuan = Org.aStaff(department, site).with("fullName", "Lê Thị Xuân").with("serviceStartDate", "2019-03-01")
                .createdBy(admin);
        long yen = Org.aStaff(department, site).with("fullName", "Trần Thị Yến").createdBy(admin);
        long dung = Org.aStaff(department, site).with("fullName", "Phan Văn Dũng").createdBy(admin);
        for (String part : List.of("MORNING", "AFTERNOON")) {
            Reply r = admin.post("/api/roster/changes", Map.of("counterId", counter, "date", day, "part", part,
                    "kind", "ASSIGN", "staffId", xuan));
            assertThat(r.status()).as("%s", r).isEqualTo(201);
        }
        Reply manual = admin.post("/api/roster/changes", Map.of("counterId", counter, "date", day, "part", "MORNING",
                "kind", "SUBSTITUTION", "staffId", dung, "reason", "Tập huấn nghiệp vụ"));
        assertThat(manual.status()).as("%s", manual).isEqualTo(201);
        long annual = 0;
        for (JsonNode t : admin.get("/api/leave/types").json()) {
            if (t.get("code").asText().equals("ANNUAL")) {
                annual = t.get("id").asLong();
            }
        }
        Reply asked = admin.post("/api/leave/requests", Map.of("staffId", xuan, "leaveTypeId", annual, "startDate", day,
                "startPart", "AFTERNOON", "endDate", day, "endPart", "AFTERNOON", "reason", "Việc gia đình"));
        assertThat(asked.status()).as("%s", asked).isEqualTo(201);
        long leave = asked.json().get("id").asLong();
        Reply approved = admin.post("/api/leave/requests/" + leave + "/approve", Map.of("step", 1, "substituteStaffId", yen));
        assertThat(approved.json().get("status").asText()).as("%s", approved).isEqualTo("APPROVED");

        JsonNode covers = supervisor.get("/api/quality/joined?siteId=" + site + "&from=" + day + "&to=" + day).json()
                .get("covers");

        assertThat(covers).hasSize(2);
        JsonNode morning = covers.get(0);
        JsonNode afternoon = covers.get(1);
        assertThat(morning.get("part").asText()).isEqualTo("MORNING");
        assertThat(morning.get("substitute").asText()).endsWith("Phan Văn Dũng");
        assertThat(morning.get("reason").asText()).isEqualTo("Tập huấn nghiệp vụ");
        assertThat(morning.get("leave").isNull()).isTrue();
        assertThat(afternoon.get("part").asText()).isEqualTo("AFTERNOON");
        assertThat(afternoon.get("substitute").asText()).endsWith("Trần Thị Yến");
        assertThat(afternoon.get("replaced").asText()).endsWith("Lê Thị Xuân");
        assertThat(afternoon.get("leave").get("requestId").asLong()).isEqualTo(leave);
        assertThat(afternoon.get("leave").get("typeCode").asText()).isEqualTo("ANNUAL");
        assertThat(afternoon.get("leave").get("typeNameVi").asText()).isEqualTo("Nghỉ phép năm");
        assertThat(afternoon.get("reason").isNull()).as("the leave, not the text it was made with").isTrue();

        Api browser = vn.onduty.server.testing.Browser.at(APP).as(admin.login("quantri", "admin-password-1"));
        assertThat(browser.get("/quality?siteId=" + site + "&date=" + day).body()).contains(
                "<a href=\"/leave/requests/" + leave + "\" data-leave-request=\"" + leave + "\">Nghỉ phép năm (đơn nghỉ #"
                        + leave + ")</a>", "<td>Tập huấn nghiệp vụ</td>");
        var xlsx = browser.download("/quality/export?siteId=" + site + "&from=" + day + "&to=" + day);
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            var sheet = book.getSheet("Trực thay");
            assertThat(sheet.getRow(1).getCell(5).getStringCellValue()).isEqualTo("Tập huấn nghiệp vụ");
            assertThat(sheet.getRow(2).getCell(5).getStringCellValue()).isEqualTo("Nghỉ phép năm (đơn nghỉ #" + leave + ")");
        }
    }

    @Test
    void thePagesShowTheDayAndTheExportHoldsItsFigures() throws Exception {
        Api browser = vn.onduty.server.testing.Browser.at(APP).as(admin.login("quantri", "admin-password-1"));
        Reply dashboard = browser.get("/quality?siteId=" + site + "&date=" + DAY);
        Reply counterDay = browser.get("/quality/counter?counterId=" + counter + "&date=" + DAY);
        Reply week = browser.get("/quality/week?siteId=" + site + "&date=" + DAY);
        Reply officer = browser.get("/quality/officer?siteId=" + site + "&staffId=1&date=" + DAY);
        Reply imports = browser.get("/quality/imports");
        var xlsx = browser.download("/quality/export?siteId=" + site + "&from=" + DAY + "&to=" + DAY);

        assertThat(List.of(dashboard.status(), counterDay.status(), week.status(), officer.status(), imports.status(),
                xlsx.statusCode())).containsOnly(200);
        assertThat(dashboard.body()).contains("id=\"day-kpis\"", "data-counter=\"" + counter + "\"", "T2");
        assertThat(counterDay.body()).contains("id=\"unattended\">50<", "data-ticket=\"T2\"")
                .as("T5 waited for no counter in particular").doesNotContain("data-ticket=\"T5\"");
        assertThat(week.body()).contains("id=\"week-days\"", "<td>50</td>");
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx.body()))) {
            var row = book.getSheet("Quầy").getRow(1);
            assertThat(row.getCell(1).getNumericCellValue()).as("tickets at the counter").isEqualTo(4.0);
            assertThat(row.getCell(11).getNumericCellValue()).as("unattended-queue minutes").isEqualTo(50.0);
            assertThat(book.getSheet("Cảnh báo").getRow(1).getCell(4).getStringCellValue()).isEqualTo("T2");
        }
    }

    @Test
    void aBatchSentAgainChangesNothingAndALaterReportIsMergedIntoTheTicket() {
        String day = "2026-11-26";
        Map<String, Object> issued = ticket("M1", at(day, "08:00"));
        Reply first = admin.post("/api/tickets", batch(site, List.of(issued)));
        Map<String, String> before = DB.snapshot();
        Reply again = admin.post("/api/tickets", batch(site, List.of(issued)));
        Map<String, String> after = DB.snapshot();
        // The queue system reports the call, the end and the rating later, without repeating the issue time.
        Reply later = agent.api().post("/api/tickets", batch(null, List.of(Map.of("number", "M1", "serviceDate", day,
                "calledAt", at(day, "08:12").toString(), "endedAt", at(day, "08:20").toString(), "outcome", "SERVED",
                "rating", 1, "ratingScale", "LEVELS3"))));

        assertThat(first.json().get("inserted").asInt()).isEqualTo(1);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(1);
        assertThat(after).isEqualTo(before);
        assertThat(later.json().get("updated").asInt()).as("%s", later).isEqualTo(1);
        assertThat(DB.rows("select issued_at, wait_seconds, rating_score, outcome from queue_ticket where number = 'M1'"))
                .hasSize(1).first().satisfies(row -> {
                    assertThat(row.get("wait_seconds")).isEqualTo(720);
                    assertThat(row.get("rating_score")).isEqualTo(0);
                    assertThat(row.get("outcome")).isEqualTo("SERVED");
                });
    }

    @Test
    void aBatchWithBadTicketsIsRefusedWholeNamingEachByIndex() {
        String day = "2026-11-27";
        Map<String, String> before = DB.snapshot();
        Reply r = admin.post("/api/tickets", batch(site, List.of(
                ticket("B1", at(day, "08:00")),
                with(ticket("B2", at(day, "08:00")), "calledAt", at(day, "07:50")),
                with(ticket("B3", at(day, "08:00")), "counterNumber", 99_999),
                with(ticket("B4", at(day, "08:00")), "rating", 6, "ratingScale", "STARS5"),
                Map.of("number", "B5"),
                with(ticket("B6", at(day, "08:00")), "officerCode", "KHONG-CO"))));

        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().get("details").toString())
                .contains("tickets[1].calledAt", "tickets[2].counterNumber", "tickets[3].rating",
                        "tickets[4].serviceDate", "tickets[5].officerCode")
                .doesNotContain("tickets[0]");
        assertThat(DB.snapshot()).isEqualTo(before);
    }

    @Test
    void anAgentReportsTicketsOfItsOwnSiteOnly() {
        Map<String, String> before = DB.snapshot();
        Reply r = agent.api().post("/api/tickets", batch(otherSite, List.of(ticket("X1", at("2026-11-26", "09:00")))));

        assertThat(r.status()).isEqualTo(403);
        assertThat(DB.snapshot()).isEqualTo(before);
    }
}
