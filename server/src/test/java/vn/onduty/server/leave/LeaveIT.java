package vn.onduty.server.leave;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Leave on a real database through the API: balances from the ledger, requests counted on the working calendar,
 * a two-step chain with delegation, concurrent approvals, cancellation, and who may see and decide what.
 * Each test uses officers of its own, so balances do not mix.
 */
class LeaveIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(LeaveIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static Api admin;
    static long site;
    static long tuPhap;
    static long teamLeadId;
    static long centerLeaderId;
    static long deputyId;
    static Api teamLead;
    static Api centerLeader;
    static Api deputy;
    static long teamLeadStaff;
    static Map<String, Long> types = new HashMap<>();
    static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().with("name", "Trung tâm PVHCC tỉnh Thừa Thiên Huế").createdBy(admin);
        tuPhap = aDepartment().with("name", "Sở Tư pháp").createdBy(admin);
        teamLeadStaff = aStaff(tuPhap, site).with("fullName", "Trần Văn Tổ Trưởng").createdBy(admin);
        Org.Body lead = aSupervisorAccount(List.of(), List.of(tuPhap)).with("staffId", teamLeadStaff);
        teamLeadId = lead.createdBy(admin);
        teamLead = Api.at(APP).loggedInAs(lead.get("username").toString(), Org.PASSWORD);
        Org.Body leader = aSupervisorAccount(List.of(site), List.of());
        centerLeaderId = leader.createdBy(admin);
        centerLeader = Api.at(APP).loggedInAs(leader.get("username").toString(), Org.PASSWORD);
        Org.Body dep = aSupervisorAccount(List.of(), List.of());
        deputyId = dep.createdBy(admin);
        deputy = Api.at(APP).loggedInAs(dep.get("username").toString(), Org.PASSWORD);
        // Team lead first, then the center's leader.
        Reply chain = admin.put("/api/leave/chains", Map.of("siteId", site, "steps", List.of(
                Map.of("kind", "ACCOUNT", "accountId", teamLeadId), Map.of("kind", "ACCOUNT", "accountId", centerLeaderId))));
        assertThat(chain.status()).as(chain.toString()).isEqualTo(200);
        for (JsonNode t : admin.get("/api/leave/types").json()) {
            types.put(t.get("code").asText(), t.get("id").asLong());
        }
    }

    static Map<String, Object> withDocument(Map<String, Object> body) {
        body.put("attachment", Map.of("fileName", "giay-chung-sinh.pdf", "contentType", "application/pdf",
                "base64", Base64.getEncoder().encodeToString("%PDF-1.4 giấy chứng sinh".getBytes())));
        return body;
    }

    /**
     * Paternity leave through the API (SI Law 2014, Art. 34(2); Law 41/2024/QH15): twins born 2 Mar 2027 allow 10
     * working days, taken in two requests, begun within 60 days of the birth; the 11th is refused naming the limit.
     * Leave for a sick child (Art. 27(1)): a child of 2 allows 20 working days a year, a child of 5 only 15.
     */
    @Test
    void paternityAndSickChildLeaveKeepTheLimitsOfTheSocialInsuranceLaw() {
        Officer o = officer("Lê Văn Phụ Tử", "2016-05-02");
        Map<String, Object> first = withDocument(leave("PATERNITY", "2027-03-03", "MORNING", "2027-03-09", "AFTERNOON"));
        first.put("childBirthDate", "2027-03-02");
        first.put("children", 2);
        assertThat(request(o, first).get("days").decimalValue()).isEqualByComparingTo("5");
        Map<String, Object> tooMany = withDocument(leave("PATERNITY", "2027-04-05", "MORNING", "2027-04-12", "AFTERNOON"));
        tooMany.put("childBirthDate", "2027-03-02");
        tooMany.put("children", 2);
        assertError(o.api().post("/api/leave/requests", tooMany), 422, "at most 10 working days");
        Map<String, Object> late = withDocument(leave("PATERNITY", "2027-05-03", "MORNING", "2027-05-04", "AFTERNOON"));
        late.put("childBirthDate", "2027-03-02");
        late.put("children", 2);
        assertError(o.api().post("/api/leave/requests", late), 422, "within 60 days");
        Map<String, Object> rest = withDocument(leave("PATERNITY", "2027-04-05", "MORNING", "2027-04-09", "AFTERNOON"));
        rest.put("childBirthDate", "2027-03-02");
        rest.put("children", 2);
        assertThat(request(o, rest).get("days").decimalValue()).isEqualByComparingTo("5");
        Map<String, Object> noBirth = withDocument(leave("PATERNITY", "2027-04-12", "MORNING", "2027-04-12", "AFTERNOON"));
        assertError(o.api().post("/api/leave/requests", noBirth), 422, "childBirthDate");

        Map<String, Object> toddler = withDocument(leave("CHILD_SICK", "2027-06-01", "MORNING", "2027-06-28", "AFTERNOON"));
        toddler.put("childBirthDate", "2025-01-10");
        assertThat(request(o, toddler).get("days").decimalValue()).isEqualByComparingTo("20");
        Map<String, Object> more = withDocument(leave("CHILD_SICK", "2027-07-01", "MORNING", "2027-07-01", "MORNING"));
        more.put("childBirthDate", "2025-01-10");
        assertError(o.api().post("/api/leave/requests", more), 422, "at most 20 working days in 2027");
        Map<String, Object> older = withDocument(leave("CHILD_SICK", "2027-09-01", "MORNING", "2027-09-24", "AFTERNOON"));
        older.put("childBirthDate", "2022-01-10");
        assertError(o.api().post("/api/leave/requests", older), 422, "at most 15 working days");
    }

    @AfterAll
    static void stop() {
        POOL.shutdownNow();
    }

    record Officer(long staffId, Api api) {}

    static Officer officer(String name, String serviceStart) {
        long staff = aStaff(tuPhap, site).with("fullName", name).with("serviceStartDate", serviceStart).createdBy(admin);
        Org.Body account = anOfficerAccount(staff);
        account.create(admin);
        return new Officer(staff, Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD));
    }

    static Map<String, Object> leave(String type, String start, String startPart, String end, String endPart) {
        Map<String, Object> m = new HashMap<>();
        m.put("leaveTypeId", types.get(type));
        m.put("startDate", start);
        m.put("startPart", startPart);
        m.put("endDate", end);
        m.put("endPart", endPart);
        m.put("reason", "Về quê thăm gia đình");
        return m;
    }

    static JsonNode request(Officer o, Map<String, Object> body) {
        Reply r = o.api().post("/api/leave/requests", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json();
    }

    static JsonNode balance(Api who, long staff, int year, String type) {
        Reply r = who.get("/api/leave/balances?staffId=" + staff + "&year=" + year);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode b : r.json()) {
            if (b.get("leaveTypeCode").asText().equals(type)) {
                return b;
            }
        }
        throw new AssertionError("no " + type + " balance in " + r.body());
    }

    static Reply approve(Api who, long id, int step) {
        return who.post("/api/leave/requests/" + id + "/approve", Map.of("step", step, "comment", "Đồng ý"));
    }

    static void assertError(Reply r, int status, String text) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body()).contains(text);
    }

    @Test
    void balancesAllocateTheYearByPostCategoryAndSeniority() {
        Officer lan = officer("Nguyễn Thị Lan", "2019-03-01");
        // Six full years on 1 January 2026: 12 + 1.
        JsonNode annual = balance(lan.api(), lan.staffId(), 2026, "ANNUAL");
        assertThat(annual.get("allocated").decimalValue()).isEqualByComparingTo("13");
        assertThat(annual.get("remaining").decimalValue()).isEqualByComparingTo("13");
        assertThat(balance(lan.api(), lan.staffId(), 2026, "SICK").get("entitled").decimalValue()).isEqualByComparingTo("30");

        Officer heavy = officer("Lê Văn Nặng", "2016-01-01");
        assertThat(admin.put("/api/leave/post-category/" + heavy.staffId(), Map.of("postCategory", "HEAVY")).status())
                .isEqualTo(204);
        // 14 for the post, + 2 for ten full years; the ledger says how.
        assertThat(balance(admin, heavy.staffId(), 2026, "ANNUAL").get("entitled").decimalValue()).isEqualByComparingTo("16");
        JsonNode ledger = admin.get("/api/leave/ledger?staffId=" + heavy.staffId() + "&year=2026").json();
        assertThat(ledger.get(0).get("kind").asText()).isEqualTo("ALLOCATION");
        assertThat(ledger.get(0).get("basis").get("postCategory").asText()).isEqualTo("HEAVY");
        assertThat(ledger.get(0).get("basis").get("seniority").asInt()).isEqualTo(2);

        Officer newcomer = officer("Phan Thị Mới", "2026-07-01");
        assertThat(balance(newcomer.api(), newcomer.staffId(), 2026, "ANNUAL").get("entitled").decimalValue())
                .isEqualByComparingTo("6");
        assertThat(DB.count("audit_event", "action = 'leave_ledger.allocate'")).isGreaterThanOrEqualTo(6);
    }

    @Test
    void twoAndAHalfDaysGoThroughBothStepsAndTheBalanceMovesOnce() {
        Officer lan = officer("Nguyễn Thị Hương", "2019-03-01");
        JsonNode r = request(lan, leave("ANNUAL", "2026-12-07", "AFTERNOON", "2026-12-09", "AFTERNOON"));
        long id = r.get("id").asLong();
        assertThat(r.get("days").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(r.get("status").asText()).isEqualTo("PENDING");
        assertThat(r.get("currentStep").asInt()).isEqualTo(1);
        assertThat(balance(lan.api(), lan.staffId(), 2026, "ANNUAL").get("pending").decimalValue()).isEqualByComparingTo("2.5");

        // The center's leader is step 2: not yet theirs; the team lead's inbox has it.
        assertThat(approve(centerLeader, id, 1).status()).isEqualTo(403);
        assertThat(ids(teamLead.get("/api/leave/inbox").json())).contains(id);
        assertThat(ids(centerLeader.get("/api/leave/inbox").json())).doesNotContain(id);
        JsonNode afterOne = approve(teamLead, id, 1).json();
        assertThat(afterOne.get("status").asText()).isEqualTo("PENDING");
        assertThat(afterOne.get("currentStep").asInt()).isEqualTo(2);
        assertThat(ids(centerLeader.get("/api/leave/inbox").json())).contains(id);
        // Deciding step 1 again is a conflict, not a second approval.
        assertError(approve(teamLead, id, 1), 409, "Already decided");

        JsonNode done = approve(centerLeader, id, 2).json();
        assertThat(done.get("status").asText()).isEqualTo("APPROVED");
        assertThat(done.get("decisions")).hasSize(2);
        JsonNode b = balance(lan.api(), lan.staffId(), 2026, "ANNUAL");
        assertThat(b.get("taken").decimalValue()).isEqualByComparingTo("2.5");
        assertThat(b.get("pending").decimalValue()).isEqualByComparingTo("0");
        assertThat(b.get("remaining").decimalValue()).isEqualByComparingTo("10.5");

        // What attendance will read: the five sessions, afternoon of the 7th to the afternoon of the 9th.
        List<LeaveSession> sessions = DB.jdbi().withExtension(LeaveDao.class, dao -> dao.approvedSessions(
                new Long[] {lan.staffId()}, LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-31")));
        assertThat(sessions).extracting(s -> s.date() + " " + s.part() + " " + s.leaveCode()).containsExactly(
                "2026-12-07 AFTERNOON ANNUAL", "2026-12-08 MORNING ANNUAL", "2026-12-08 AFTERNOON ANNUAL",
                "2026-12-09 MORNING ANNUAL", "2026-12-09 AFTERNOON ANNUAL");

        // The team calendar shows it with the legend's symbol, half a day on the 7th.
        JsonNode cal = centerLeader.get("/api/leave/calendar/2026-12?siteId=" + site).json();
        JsonNode row = null;
        for (JsonNode x : cal.get("rows")) {
            if (x.get("staffId").asLong() == lan.staffId()) {
                row = x;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("cells").get(6).get("afternoon").asText()).isEqualTo("P");
        assertThat(row.get("cells").get(6).get("morning").isNull()).isTrue();
        assertThat(row.get("cells").get(7).get("morning").asText()).isEqualTo("P");
        assertThat(row.get("leaveDays").decimalValue()).isEqualByComparingTo("2.5");
    }

    static List<Long> ids(JsonNode list) {
        List<Long> out = new ArrayList<>();
        list.forEach(x -> out.add(x.get("id").asLong()));
        return out;
    }

    @Test
    void overlappingSessionsAreRefusedButTheOtherHalfOfADayIsFree() {
        Officer o = officer("Võ Thị Trùng", "2019-03-01");
        request(o, leave("ANNUAL", "2026-12-14", "AFTERNOON", "2026-12-15", "AFTERNOON"));
        assertError(o.api().post("/api/leave/requests", leave("ANNUAL", "2026-12-15", "MORNING", "2026-12-15", "MORNING")),
                409, "overlaps");
        assertError(o.api().post("/api/leave/requests", leave("UNPAID", "2026-12-10", "MORNING", "2026-12-14", "AFTERNOON")),
                409, "overlaps");
        assertThat(request(o, leave("UNPAID", "2026-12-14", "MORNING", "2026-12-14", "MORNING")).get("days").decimalValue())
                .isEqualByComparingTo("0.5");
        assertThat(DB.count("leave_request", "staff_id = " + o.staffId())).isEqualTo(2);
    }

    @Test
    void nobodyApprovesTheirOwnRequestAndOfficersSeeOnlyTheirOwn() {
        // The team lead, an officer too, asks for leave: their own approval is refused even as step 1's account.
        Officer lead = new Officer(teamLeadStaff, teamLead);
        long id = request(lead, leave("ANNUAL", "2026-12-21", "MORNING", "2026-12-21", "AFTERNOON")).get("id").asLong();
        assertError(approve(teamLead, id, 1), 403, "own");
        assertThat(ids(teamLead.get("/api/leave/inbox").json())).doesNotContain(id);

        Officer lan = officer("Đặng Thị Tò Mò", "2019-03-01");
        Officer hoa = officer("Bùi Thị Hoa", "2019-03-01");
        long hoas = request(hoa, leave("ANNUAL", "2026-12-22", "MORNING", "2026-12-22", "AFTERNOON")).get("id").asLong();
        assertThat(lan.api().get("/api/leave/requests/" + hoas).status()).isEqualTo(404);
        assertThat(approve(lan.api(), hoas, 1).status()).isEqualTo(404);
        assertThat(lan.api().get("/api/leave/balances?staffId=" + hoa.staffId() + "&year=2026").status()).isEqualTo(404);
        assertThat(ids(lan.api().get("/api/leave/requests").json().get("items"))).doesNotContain(hoas);
        assertThat(hoa.api().get("/api/leave/requests/" + hoas).status()).isEqualTo(200);
        assertThat(lan.api().post("/api/leave/requests", new HashMap<>(Map.of("staffId", hoa.staffId(),
                "leaveTypeId", types.get("ANNUAL"), "startDate", "2026-12-28", "endDate", "2026-12-28"))).status())
                .isEqualTo(403);
    }

    @Test
    void twoApproversActingAtOnceMakeExactlyOneDecision() throws Exception {
        // A department with the default chain: any supervisor of the officer decides.
        long noiVu = aDepartment().with("name", "Sở Nội vụ " + Org.unique()).createdBy(admin);
        long staff = aStaff(noiVu, site).with("serviceStartDate", "2019-03-01").createdBy(admin);
        Org.Body account = anOfficerAccount(staff);
        account.create(admin);
        Officer o = new Officer(staff, Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD));
        admin.put("/api/leave/chains", Map.of("departmentId", noiVu, "steps", List.of(Map.of("kind", "SUPERVISORS"))));
        Org.Body a = aSupervisorAccount(List.of(), List.of(noiVu));
        Org.Body b = aSupervisorAccount(List.of(), List.of(noiVu));
        a.create(admin);
        b.create(admin);
        Api first = Api.at(APP).loggedInAs(a.get("username").toString(), Org.PASSWORD);
        Api second = Api.at(APP).loggedInAs(b.get("username").toString(), Org.PASSWORD);

        for (int round = 0; round < 5; round++) {
            String day = LocalDate.parse("2027-03-01").plusWeeks(round).toString();
            long id = request(o, leave("ANNUAL", day, "MORNING", day, "AFTERNOON")).get("id").asLong();
            CountDownLatch go = new CountDownLatch(1);
            Callable<Reply> one = () -> {
                go.await();
                return approve(first, id, 1);
            };
            Callable<Reply> two = () -> {
                go.await();
                return second.post("/api/leave/requests/" + id + "/reject", Map.of("step", 1, "comment", "Quầy thiếu người"));
            };
            Future<Reply> x = POOL.submit(one);
            Future<Reply> y = POOL.submit(two);
            go.countDown();
            List<Integer> statuses = new ArrayList<>(List.of(x.get().status(), y.get().status()));
            assertThat(statuses).as("round " + round).containsExactlyInAnyOrder(200, 409);
            assertThat(DB.count("leave_decision", "request_id = " + id)).isEqualTo(1);
        }
        JsonNode bal = balance(o.api(), staff, 2027, "ANNUAL");
        long approved = DB.count("leave_request", "staff_id = " + staff + " and status = 'APPROVED'");
        assertThat(bal.get("taken").decimalValue()).isEqualByComparingTo(String.valueOf(approved));
        assertThat(bal.get("pending").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void aDelegateDecidesForTheAbsentApproverOnlyWhileTheDelegationRuns() {
        Officer o = officer("Hồ Văn Ủy Quyền", "2019-03-01");
        long id = request(o, leave("ANNUAL", "2027-01-11", "MORNING", "2027-01-12", "AFTERNOON")).get("id").asLong();
        assertThat(approve(teamLead, id, 1).status()).isEqualTo(200);
        // Not an approver yet: the request is not even visible to them.
        assertThat(approve(deputy, id, 2).status()).isEqualTo(404);

        LocalDate today = LocalDate.now();
        Reply d = centerLeader.post("/api/leave/delegations", Map.of("toUserId", deputyId,
                "startsOn", today.minusDays(1).toString(), "endsOn", today.plusDays(7).toString()));
        assertThat(d.status()).as(d.toString()).isEqualTo(201);
        assertThat(ids(deputy.get("/api/leave/inbox").json())).contains(id);
        JsonNode done = approve(deputy, id, 2).json();
        assertThat(done.get("status").asText()).isEqualTo("APPROVED");
        JsonNode last = done.get("decisions").get(1);
        assertThat(last.get("onBehalfOf").asText()).isEqualTo(centerLeader.get("/api/auth/me").json().get("username").asText());

        // A delegation that has ended gives nothing.
        Officer p = officer("Hồ Văn Hết Hạn", "2019-03-01");
        long later = request(p, leave("ANNUAL", "2027-01-18", "MORNING", "2027-01-18", "AFTERNOON")).get("id").asLong();
        approve(teamLead, later, 1);
        admin.post("/api/leave/delegations", Map.of("fromUserId", centerLeaderId, "toUserId", teamLeadId,
                "startsOn", today.minusDays(10).toString(), "endsOn", today.minusDays(1).toString()));
        assertThat(approve(teamLead, later, 2).status()).isEqualTo(403);
    }

    @Test
    void approvalsAreDelegatedOnlyToAccountsThatCouldApprove() {
        long nongNghiep = aDepartment().with("name", "Sở Nông nghiệp " + Org.unique()).createdBy(admin);
        Org.Body leaderBody = aSupervisorAccount(List.of(), List.of(nongNghiep));
        long leaderId = leaderBody.createdBy(admin);
        Api leader = Api.at(APP).loggedInAs(leaderBody.get("username").toString(), Org.PASSWORD);
        assertThat(admin.put("/api/leave/chains", Map.of("departmentId", nongNghiep, "steps",
                List.of(Map.of("kind", "ACCOUNT", "accountId", leaderId)))).status()).isEqualTo(200);
        Officer colleague = inDepartment(nongNghiep, "Phan Văn Đồng Nghiệp");
        long colleagueAccount = colleague.api().get("/api/auth/me").json().get("id").asLong();
        LocalDate today = LocalDate.now();
        Map<String, Object> toColleague = Map.of("toUserId", colleagueAccount,
                "startsOn", today.toString(), "endsOn", today.plusDays(5).toString());

        assertError(leader.post("/api/leave/delegations", toColleague), 422, "cannot approve leave");
        assertError(admin.post("/api/leave/delegations", Map.of("fromUserId", leaderId, "toUserId", colleagueAccount,
                "startsOn", today.toString(), "endsOn", today.plusDays(5).toString())), 422, "toUserId");
        assertThat(DB.count("leave_delegation", "to_user_id = " + colleagueAccount)).isZero();

        // A delegate who stops being a supervisor decides for nobody else from then on.
        Org.Body standInBody = aSupervisorAccount(List.of(), List.of());
        long standInId = standInBody.createdBy(admin);
        Api standIn = Api.at(APP).loggedInAs(standInBody.get("username").toString(), Org.PASSWORD);
        assertThat(leader.post("/api/leave/delegations", Map.of("toUserId", standInId, "startsOn", today.toString(),
                "endsOn", today.plusDays(5).toString())).status()).isEqualTo(201);
        Officer o = inDepartment(nongNghiep, "Ngô Thị Mùa Vụ");
        long id = request(o, leave("ANNUAL", "2027-03-15", "MORNING", "2027-03-15", "AFTERNOON")).get("id").asLong();
        assertThat(ids(standIn.get("/api/leave/inbox").json())).contains(id);
        long ownStaff = aStaff(nongNghiep, site).createdBy(admin);
        assertThat(admin.put("/api/accounts/" + standInId, Map.of("roles", List.of("OFFICER"), "staffId", ownStaff,
                "language", "vi")).status()).isEqualTo(200);

        assertThat(ids(standIn.get("/api/leave/inbox").json())).doesNotContain(id);
        assertThat(approve(standIn, id, 1).status()).isIn(403, 404);
        assertThat(DB.count("leave_request", "id = " + id + " and status = 'PENDING'")).isEqualTo(1);
    }

    @Test
    void revokingADelegationTakesTheRequestFromTheDelegateAtOnceAndOnlyTheDelegatorOrAnAdminMayDoIt() {
        // Accounts of their own: no other test's delegation may let the stand-in in.
        long congThuong = aDepartment().with("name", "Sở Công Thương " + Org.unique()).createdBy(admin);
        Org.Body leaderBody = aSupervisorAccount(List.of(), List.of(congThuong));
        long leaderId = leaderBody.createdBy(admin);
        String leaderName = leaderBody.get("username").toString();
        Api leader = Api.at(APP).loggedInAs(leaderName, Org.PASSWORD);
        Org.Body standInBody = aSupervisorAccount(List.of(), List.of());
        long standInId = standInBody.createdBy(admin);
        Api standIn = Api.at(APP).loggedInAs(standInBody.get("username").toString(), Org.PASSWORD);
        assertThat(admin.put("/api/leave/chains", Map.of("departmentId", congThuong, "steps",
                List.of(Map.of("kind", "ACCOUNT", "accountId", leaderId)))).status()).isEqualTo(200);
        Officer o = inDepartment(congThuong, "Lưu Thị Thu Hồi");
        long id = request(o, leave("ANNUAL", "2027-02-22", "MORNING", "2027-02-23", "AFTERNOON")).get("id").asLong();

        LocalDate today = LocalDate.now();
        Reply made = leader.post("/api/leave/delegations", Map.of("toUserId", standInId,
                "startsOn", today.minusDays(1).toString(), "endsOn", today.plusDays(10).toString()));
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        long delegation = made.id();
        assertThat(ids(standIn.get("/api/leave/inbox").json())).contains(id);
        assertThat(ids(leader.get("/api/leave/inbox").json())).contains(id);

        // The stand-in sees the delegation but may not end it; another supervisor and an officer are refused too.
        assertError(standIn.post("/api/leave/delegations/" + delegation + "/revoke", null), 403, leaderName);
        assertThat(teamLead.post("/api/leave/delegations/" + delegation + "/revoke", null).status()).isEqualTo(404);
        assertThat(o.api().post("/api/leave/delegations/" + delegation + "/revoke", null).status()).isEqualTo(403);
        assertThat(DB.count("leave_delegation", "id = " + delegation + " and revoked_at is null")).isEqualTo(1);

        Reply revoked = leader.post("/api/leave/delegations/" + delegation + "/revoke", null);
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.json().get("revokedAt").isNull()).isFalse();
        assertThat(revoked.json().get("revokedBy").asText()).isEqualTo(leaderName);
        assertThat(DB.count("audit_event", "action = 'leave_delegation.revoke' and entity_id = '" + delegation + "'"))
                .isEqualTo(1);

        // At once: the request has left the stand-in's inbox and they can no longer decide it; it waits for the leader.
        assertThat(ids(standIn.get("/api/leave/inbox").json())).doesNotContain(id);
        assertThat(approve(standIn, id, 1).status()).isEqualTo(404);
        assertThat(ids(leader.get("/api/leave/inbox").json())).contains(id);
        assertError(leader.post("/api/leave/delegations/" + delegation + "/revoke", null), 409, "Already revoked");
        JsonNode done = approve(leader, id, 1).json();
        assertThat(done.get("status").asText()).isEqualTo("APPROVED");
        assertThat(done.get("decisions").get(0).get("onBehalfOf").isNull()).isTrue();

        // An admin may end anyone's delegation, a future one included.
        long later = leader.post("/api/leave/delegations", Map.of("toUserId", standInId,
                "startsOn", today.plusDays(30).toString(), "endsOn", today.plusDays(40).toString())).id();
        assertThat(admin.post("/api/leave/delegations/" + later + "/revoke", null).status()).isEqualTo(200);

        // The inbox page: the leader's running delegation has a revoke button; pressing it says so and keeps the row.
        long third = leader.post("/api/leave/delegations", Map.of("toUserId", standInId,
                "startsOn", today.toString(), "endsOn", today.plusDays(3).toString())).id();
        Session pages = browserOf(leaderName, Org.PASSWORD);
        page(pages, "/leave/inbox", "id=\"revoke-" + third + "\"", "Thu hồi");
        Reply pressed = pages.form("/leave/delegations/" + third + "/revoke");
        assertThat(pressed.status()).as(pressed.toString()).isEqualTo(303);
        Reply after = pages.browser().get("/leave/inbox?done=revoked");
        assertThat(after.body()).contains("Đã thu hồi ủy quyền", "đã thu hồi (" + leaderName)
                .doesNotContain("id=\"revoke-" + third + "\"");
        // The stand-in's page lists what was delegated to them, with no button; the form is refused all the same.
        long fourth = leader.post("/api/leave/delegations", Map.of("toUserId", standInId,
                "startsOn", today.toString(), "endsOn", today.plusDays(3).toString())).id();
        Session standInPages = browserOf(standInBody.get("username").toString(), Org.PASSWORD);
        page(standInPages, "/leave/inbox", "id=\"delegation-" + fourth + "\"");
        assertThat(standInPages.browser().get("/leave/inbox").body()).doesNotContain("id=\"revoke-" + fourth + "\"");
        assertThat(standInPages.form("/leave/delegations/" + fourth + "/revoke").status()).isEqualTo(403);
        assertThat(DB.count("leave_delegation", "id = " + fourth + " and revoked_at is null")).isEqualTo(1);
    }

    @Test
    void theInboxHoldsWhatEachStepAndDelegationGivesAndItsBadgeCountsIt() {
        // Accounts of their own: step 1 is the department's supervisors, step 2 the director; both delegate to a stand-in.
        long xayDung = aDepartment().with("name", "Sở Xây dựng " + Org.unique()).createdBy(admin);
        Org.Body supervisorBody = aSupervisorAccount(List.of(), List.of(xayDung));
        supervisorBody.create(admin);
        Api supervisor = Api.at(APP).loggedInAs(supervisorBody.get("username").toString(), Org.PASSWORD);
        Org.Body directorBody = aSupervisorAccount(List.of(), List.of());
        long directorId = directorBody.createdBy(admin);
        Api director = Api.at(APP).loggedInAs(directorBody.get("username").toString(), Org.PASSWORD);
        Org.Body standInBody = aSupervisorAccount(List.of(), List.of());
        long standInId = standInBody.createdBy(admin);
        Api standIn = Api.at(APP).loggedInAs(standInBody.get("username").toString(), Org.PASSWORD);
        assertThat(admin.put("/api/leave/chains", Map.of("departmentId", xayDung, "steps", List.of(
                Map.of("kind", "SUPERVISORS"), Map.of("kind", "ACCOUNT", "accountId", directorId)))).status()).isEqualTo(200);
        Officer first = inDepartment(xayDung, "Mai Văn Bước Một");
        Officer second = inDepartment(xayDung, "Mai Thị Bước Hai");
        long atOne = request(first, leave("ANNUAL", "2027-03-08", "MORNING", "2027-03-08", "AFTERNOON")).get("id").asLong();
        long atTwo = request(second, leave("ANNUAL", "2027-03-09", "MORNING", "2027-03-09", "AFTERNOON")).get("id").asLong();
        assertThat(approve(supervisor, atTwo, 1).status()).isEqualTo(200);

        assertThat(ids(supervisor.get("/api/leave/inbox").json())).containsExactly(atOne);
        assertThat(ids(director.get("/api/leave/inbox").json())).containsExactly(atTwo);
        assertThat(ids(standIn.get("/api/leave/inbox").json())).isEmpty();

        LocalDate today = LocalDate.now();
        Map<String, Object> window = Map.of("toUserId", standInId, "startsOn", today.minusDays(1).toString(),
                "endsOn", today.plusDays(5).toString());
        long fromSupervisor = supervisor.post("/api/leave/delegations", window).id();
        assertThat(director.post("/api/leave/delegations", window).status()).isEqualTo(201);
        // The supervisor's scope at step 1 and the director's account at step 2, oldest first.
        JsonNode inbox = standIn.get("/api/leave/inbox").json();
        assertThat(ids(inbox)).containsExactly(atOne, atTwo);
        assertThat(inbox.get(1).get("currentStep").asInt()).isEqualTo(2);
        assertThat(inbox.get(1).get("decisions").get(0).get("action").asText()).isEqualTo("APPROVE");
        Session standInPages = browserOf(standInBody.get("username").toString(), Org.PASSWORD);
        assertThat(standInPages.browser().get("/leave/inbox/count").body()).isEqualTo("2");
        page(standInPages, "/leave/inbox", "id=\"inbox-" + atOne + "\"", "id=\"inbox-" + atTwo + "\"", "Mai Thị Bước Hai");

        assertThat(supervisor.post("/api/leave/delegations/" + fromSupervisor + "/revoke", null).status()).isEqualTo(200);
        assertThat(ids(standIn.get("/api/leave/inbox").json())).containsExactly(atTwo);
        assertThat(standInPages.browser().get("/leave/inbox/count").body()).isEqualTo("1");
        // Nothing waits for an officer: the badge is empty.
        Session officerPages = browserOf(first.api().get("/api/auth/me").json().get("username").asText(), Org.PASSWORD);
        assertThat(officerPages.browser().get("/leave/inbox/count").body()).isEmpty();
    }

    @Test
    void cancellationIsImmediateBeforeTheStartAndGoesToAnApproverOnceBegun() {
        Officer o = officer("Ngô Thị Hủy", "2019-03-01");
        long pending = request(o, leave("ANNUAL", "2027-02-01", "MORNING", "2027-02-02", "AFTERNOON")).get("id").asLong();
        assertThat(o.api().post("/api/leave/requests/" + pending + "/cancel", Map.of()).json().get("status").asText())
                .isEqualTo("CANCELLED");
        assertThat(balance(o.api(), o.staffId(), 2027, "ANNUAL").get("pending").decimalValue()).isEqualByComparingTo("0");
        assertError(o.api().post("/api/leave/requests/" + pending + "/cancel", Map.of()), 409, "CANCELLED");

        // Leave that began earlier this month: the officer asks, the last step's approver decides.
        LocalDate start = LocalDate.now().minusDays(20);
        while (start.getDayOfWeek().getValue() > 5) {
            start = start.plusDays(1);
        }
        long begun = request(o, leave("ANNUAL", start.toString(), "MORNING", start.toString(), "AFTERNOON")).get("id").asLong();
        approve(teamLead, begun, 1);
        approve(centerLeader, begun, 2);
        assertError(o.api().post("/api/leave/requests/" + begun + "/cancel", Map.of()), 422, "reason");
        JsonNode asked = o.api().post("/api/leave/requests/" + begun + "/cancel", Map.of("reason", "Đi làm lại sớm")).json();
        assertThat(asked.get("status").asText()).isEqualTo("CANCEL_REQUESTED");
        assertThat(balance(o.api(), o.staffId(), start.getYear(), "ANNUAL").get("taken").decimalValue()).isEqualByComparingTo("1");
        assertThat(ids(centerLeader.get("/api/leave/inbox").json())).contains(begun);
        JsonNode cancelled = centerLeader.post("/api/leave/requests/" + begun + "/approve", Map.of("comment", "Đồng ý")).json();
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(balance(o.api(), o.staffId(), start.getYear(), "ANNUAL").get("taken").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void balanceBlocksAnnualLeaveAndOnlyWarnsForSickLeave() {
        Officer o = officer("Trịnh Văn Hết Phép", "2019-03-01");
        Reply tooMuch = o.api().post("/api/leave/requests", leave("ANNUAL", "2027-04-01", "MORNING", "2027-04-30", "AFTERNOON"));
        assertError(tooMuch, 422, "Not enough balance: 13.0 day(s) left of ANNUAL");
        assertThat(DB.count("leave_request", "staff_id = " + o.staffId())).isZero();

        Map<String, Object> sick = leave("SICK", "2027-05-03", "MORNING", "2027-06-30", "AFTERNOON");
        sick.put("attachment", Map.of("fileName", "giay-nghi-om.pdf", "contentType", "application/pdf",
                "base64", Base64.getEncoder().encodeToString("%PDF-1.4 giấy ra viện".getBytes())));
        JsonNode r = request(o, sick);
        assertThat(r.get("balanceWarning").asText()).contains("Not enough balance").contains("SICK");
    }

    @Test
    void typeRulesLimitDaysHalfDaysAndDocuments() {
        Officer o = officer("Lý Thị Cưới", "2019-03-01");
        Map<String, Object> marriage = leave("MARRIAGE", "2027-05-10", "MORNING", "2027-05-13", "AFTERNOON");
        assertError(o.api().post("/api/leave/requests", marriage), 422, "attachment is required");
        marriage.put("attachment", Map.of("fileName", "dang-ky-ket-hon.png", "contentType", "image/png",
                "base64", Base64.getEncoder().encodeToString("not a png".getBytes())));
        assertError(o.api().post("/api/leave/requests", marriage), 422, "is not a image/png file");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
        marriage.put("attachment", Map.of("fileName", "dang-ky-ket-hon.png", "contentType", "image/png",
                "base64", Base64.getEncoder().encodeToString(png)));
        assertError(o.api().post("/api/leave/requests", marriage), 422, "allows at most 3 per request");
        marriage.put("endDate", "2027-05-12");
        marriage.put("startPart", "AFTERNOON");
        assertError(o.api().post("/api/leave/requests", marriage), 422, "whole days only");
        marriage.put("startPart", "MORNING");
        marriage.put("attachment", Map.of("fileName", "x.exe", "contentType", "application/x-msdownload", "base64", "TVo="));
        assertError(o.api().post("/api/leave/requests", marriage), 422, "attachment.contentType");
        marriage.put("attachment", Map.of("fileName", "dang-ky-ket-hon.png", "contentType", "image/png",
                "base64", Base64.getEncoder().encodeToString(png)));
        long id = request(o, marriage).get("id").asLong();

        HttpResponse<byte[]> file = o.api().download("/api/leave/requests/" + id + "/attachment");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo(png);
        assertThat(file.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(teamLead.download("/api/leave/requests/" + id + "/attachment").statusCode()).isEqualTo(200);
        Officer other = officer("Người Khác", "2019-03-01");
        assertThat(other.api().download("/api/leave/requests/" + id + "/attachment").statusCode()).isEqualTo(404);

        byte[] big = new byte[LeaveRequests.MAX_ATTACHMENT_BYTES + 1];
        big[0] = '%';
        Map<String, Object> sick = leave("SICK", "2027-06-01", "MORNING", "2027-06-01", "AFTERNOON");
        sick.put("attachment", Map.of("fileName", "lon.pdf", "contentType", "application/pdf",
                "base64", Base64.getEncoder().encodeToString(big)));
        assertError(o.api().post("/api/leave/requests", sick), 422, "at most 2097152");
    }

    @Test
    void workingDaysSkipTetAndWeekendsAndCountASwappedSaturday() {
        Officer o = officer("Mai Thị Tết", "2019-03-01");
        Map<String, Object> body = leave("ANNUAL", "2026-02-13", "MORNING", "2026-03-02", "AFTERNOON");
        body.put("staffId", o.staffId());
        // Fri 13 Feb, Tết 16-20 Feb off, 23-27 Feb, Mon 2 Mar: 7 days.
        assertThat(o.api().post("/api/leave/requests/preview", body).json().get("days").decimalValue()).isEqualByComparingTo("7");
        Map<String, Object> swap = new HashMap<>(Map.of("date", "2026-02-28", "kind", "WORKING_DAY", "name", "Làm bù Tết"));
        assertThat(admin.post("/api/holidays/days", swap).status()).isEqualTo(201);
        assertThat(o.api().post("/api/leave/requests/preview", body).json().get("days").decimalValue()).isEqualByComparingTo("8");
        Map<String, Object> tetOnly = leave("ANNUAL", "2026-02-14", "MORNING", "2026-02-22", "AFTERNOON");
        assertError(o.api().post("/api/leave/requests", tetOnly), 422, "covers no working day");
    }

    @Test
    void carryOverAndAdjustmentsChangeWhatIsEntitled() {
        Officer o = officer("Cao Văn Chuyển", "2019-03-01");
        request(o, leave("ANNUAL", "2026-12-28", "MORNING", "2026-12-29", "AFTERNOON"));
        // Unapproved days do not carry: 13 - 2 pending = 11 left, capped at 5.
        Reply carry = admin.post("/api/leave/carry-over", Map.of("fromYear", 2026, "maxDays", 5, "validUntil", "2027-03-31"));
        assertThat(carry.status()).as(carry.toString()).isEqualTo(200);
        JsonNode next = balance(o.api(), o.staffId(), 2027, "ANNUAL");
        assertThat(next.get("carriedOver").decimalValue()).isEqualByComparingTo("5");
        assertThat(next.get("carryOverValidUntil").asText()).isEqualTo("2027-03-31");
        assertThat(next.get("entitled").decimalValue()).isEqualByComparingTo("18");
        // Running it again writes nothing new.
        admin.post("/api/leave/carry-over", Map.of("fromYear", 2026, "maxDays", 5, "validUntil", "2027-03-31"));
        assertThat(DB.count("leave_ledger", "staff_id = " + o.staffId() + " and kind = 'CARRY_OVER'")).isEqualTo(1);

        assertError(admin.post("/api/leave/adjustments", Map.of("staffId", o.staffId(), "leaveTypeId", types.get("ANNUAL"),
                "year", 2027, "days", -1)), 422, "reason is required");
        Reply adj = admin.post("/api/leave/adjustments", Map.of("staffId", o.staffId(), "leaveTypeId", types.get("ANNUAL"),
                "year", 2027, "days", -1.5, "reason", "Trừ 1,5 ngày nghỉ tự ý tháng 12"));
        assertThat(adj.status()).as(adj.toString()).isEqualTo(201);
        assertThat(balance(o.api(), o.staffId(), 2027, "ANNUAL").get("entitled").decimalValue()).isEqualByComparingTo("16.5");
        assertThat(o.api().post("/api/leave/adjustments", Map.of("staffId", o.staffId(), "leaveTypeId", types.get("ANNUAL"),
                "year", 2027, "days", 10, "reason", "Tự cộng")).status()).isEqualTo(403);
    }

    static JsonNode dayOf(JsonNode calendar, int day) {
        return calendar.get("days").get(day - 1);
    }

    @Test
    void theApproverSeesTheCounterLeftUncoveredAndWhoIsFreeAndAssignsASubstitute() {
        long xayDung = aDepartment().with("name", "Sở Xây dựng " + Org.unique()).createdBy(admin);
        long counter1 = Org.aCounter(site).with("departmentId", xayDung).with("name", "Quầy cấp phép xây dựng").createdBy(admin);
        long counter2 = Org.aCounter(site).with("departmentId", xayDung).createdBy(admin);
        Officer lan = inDepartment(xayDung, "Nguyễn Thị Quầy Một");
        Officer hoa = inDepartment(xayDung, "Lê Thị Rảnh");
        Officer nam = inDepartment(xayDung, "Hoàng Văn Quầy Hai");
        Officer mai = inDepartment(xayDung, "Phạm Thị Nghỉ");
        List<Map<String, Object>> slots = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            for (String part : List.of("MORNING", "AFTERNOON")) {
                slots.add(Map.of("counterId", counter1, "weekday", day, "part", part, "staffId", lan.staffId()));
                slots.add(Map.of("counterId", counter2, "weekday", day, "part", part, "staffId", nam.staffId()));
            }
        }
        Reply template = admin.put("/api/roster/template?siteId=" + site, Map.of("validFrom", "2027-05-03", "slots", slots));
        assertThat(template.status()).as(template.toString()).isEqualTo(200);
        request(mai, leave("UNPAID", "2027-05-10", "MORNING", "2027-05-11", "AFTERNOON"));

        long id = request(lan, leave("ANNUAL", "2027-05-10", "AFTERNOON", "2027-05-11", "AFTERNOON")).get("id").asLong();
        JsonNode coverage = centerLeader.get("/api/leave/requests/" + id + "/coverage").json();
        assertThat(coverage).hasSize(3);
        for (JsonNode c : coverage) {
            assertThat(c.get("counterId").asLong()).isEqualTo(counter1);
            assertThat(c.get("substitute").isNull()).isTrue();
            // Nam is at counter 2, Mai is on leave herself: only Hoa is free.
            assertThat(ids(c.get("free"))).containsExactly(hoa.staffId());
        }
        assertThat(coverage.get(0).get("date").asText()).isEqualTo("2027-05-10");
        assertThat(coverage.get(0).get("part").asText()).isEqualTo("AFTERNOON");

        // The team lead chooses Hoa at step 1 (Nam is not free); the roster changes only when the leave is approved.
        assertError(teamLead.post("/api/leave/requests/" + id + "/approve", Map.of("step", 1, "substituteStaffId", nam.staffId())),
                422, "is not free");
        JsonNode first = teamLead.post("/api/leave/requests/" + id + "/approve",
                Map.of("step", 1, "substituteStaffId", hoa.staffId())).json();
        assertThat(first.get("substituteStaffId").asLong()).isEqualTo(hoa.staffId());
        assertThat(DB.count("roster_change", "replaced_staff_id = " + lan.staffId())).isZero();
        JsonNode done = approve(centerLeader, id, 2).json();
        assertThat(done.get("status").asText()).isEqualTo("APPROVED");
        assertThat(DB.count("roster_change", "replaced_staff_id = " + lan.staffId())).isEqualTo(3);

        // The roster now has Hoa at counter 1 for Lan in those three sessions, and the calendar no gap.
        JsonNode days = centerLeader.get("/api/roster/range?siteId=" + site + "&from=2027-05-10&to=2027-05-11").json();
        List<String> atCounter1 = new ArrayList<>();
        for (JsonNode d : days) {
            for (JsonNode a : d.get("assignments")) {
                if (a.get("counterId").asLong() == counter1) {
                    atCounter1.add(d.get("date").asText() + " " + a.get("part").asText() + " " + a.get("officer").get("id").asLong());
                }
            }
        }
        assertThat(atCounter1).containsExactly("2027-05-10 MORNING " + lan.staffId(), "2027-05-10 AFTERNOON " + hoa.staffId(),
                "2027-05-11 MORNING " + hoa.staffId(), "2027-05-11 AFTERNOON " + hoa.staffId());
        JsonNode after = centerLeader.get("/api/leave/requests/" + id + "/coverage").json();
        assertThat(after.get(0).get("substitute").get("id").asLong()).isEqualTo(hoa.staffId());

        // Nam's day off without a substitute leaves counter 2 empty in both sessions: the team calendar says so.
        long namDay = request(nam, leave("ANNUAL", "2027-05-12", "MORNING", "2027-05-12", "AFTERNOON")).get("id").asLong();
        approve(teamLead, namDay, 1);
        approve(centerLeader, namDay, 2);
        JsonNode cal = centerLeader.get("/api/leave/calendar/2027-05?siteId=" + site).json();
        assertThat(dayOf(cal, 10).get("gaps")).isEmpty();
        assertThat(dayOf(cal, 11).get("gaps")).isEmpty();
        assertThat(dayOf(cal, 12).get("gaps")).hasSize(2);
        assertThat(dayOf(cal, 12).get("gaps").get(0).get("counterNumber").asInt())
                .isEqualTo(admin.get("/api/counters/" + counter2).json().get("number").asInt());
    }

    @Test
    void anOfficerRosteredAtAnotherSiteThenIsNotFreeToStandIn() {
        long xayDung = aDepartment().with("name", "Sở Xây dựng " + Org.unique()).createdBy(admin);
        long counter = Org.aCounter(site).with("departmentId", xayDung).createdBy(admin);
        Officer lan = inDepartment(xayDung, "Nguyễn Thị Xin Nghỉ");
        Officer hoa = inDepartment(xayDung, "Lê Thị Rảnh Rỗi");
        // Khôi staffs a counter of the commune center on weekdays, and has just been transferred here.
        long commune = aSite().createdBy(admin);
        long communeCounter = Org.aCounter(commune).createdBy(admin);
        long khoi = aStaff(xayDung, commune).with("fullName", "Đỗ Minh Khôi").createdBy(admin);
        List<Map<String, Object>> there = new ArrayList<>();
        List<Map<String, Object>> here = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            for (String part : List.of("MORNING", "AFTERNOON")) {
                there.add(Map.of("counterId", communeCounter, "weekday", day, "part", part, "staffId", khoi));
                here.add(Map.of("counterId", counter, "weekday", day, "part", part, "staffId", lan.staffId()));
            }
        }
        assertThat(admin.put("/api/roster/template?siteId=" + commune, Map.of("validFrom", "2027-06-07", "slots", there))
                .status()).isEqualTo(200);
        assertThat(admin.put("/api/roster/template?siteId=" + site, Map.of("validFrom", "2027-06-07", "slots", here))
                .status()).isEqualTo(200);
        JsonNode record = admin.get("/api/staff/" + khoi).json();
        Map<String, Object> moved = new HashMap<>();
        for (String f : List.of("code", "fullName", "position", "serviceStartDate", "email", "phone")) {
            moved.put(f, record.get(f).asText());
        }
        moved.put("departmentId", xayDung);
        moved.put("homeSiteId", site);
        assertThat(admin.put("/api/staff/" + khoi, moved).status()).isEqualTo(200);

        long id = request(lan, leave("ANNUAL", "2027-06-07", "MORNING", "2027-06-07", "AFTERNOON")).get("id").asLong();
        JsonNode coverage = centerLeader.get("/api/leave/requests/" + id + "/coverage").json();
        assertThat(coverage).hasSize(2);
        for (JsonNode c : coverage) {
            assertThat(ids(c.get("free"))).as("Khôi is at the commune center's counter then").containsExactly(hoa.staffId());
        }
        assertError(teamLead.post("/api/leave/requests/" + id + "/approve", Map.of("step", 1, "substituteStaffId", khoi)),
                422, "is not free");
    }

    @Test
    void substitutionsForLeaveNameTheRequestAndAreRevokedWhenTheLeaveIsCancelled() {
        long vanHoa = aDepartment().with("name", "Sở Văn hóa " + Org.unique()).createdBy(admin);
        long counterA = Org.aCounter(site).with("departmentId", vanHoa).with("name", "Quầy văn hóa").createdBy(admin);
        long counterB = Org.aCounter(site).with("departmentId", vanHoa).createdBy(admin);
        Officer an = inDepartment(vanHoa, "Đỗ Văn An");
        Officer binh = inDepartment(vanHoa, "Vũ Thị Bình");
        List<Map<String, Object>> slots = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            for (String part : List.of("MORNING", "AFTERNOON")) {
                slots.add(Map.of("counterId", counterA, "weekday", day, "part", part, "staffId", an.staffId()));
            }
        }
        // September 2027, weeks no other test of this class rosters.
        Reply template = admin.put("/api/roster/template?siteId=" + site,
                Map.of("validFrom", "2027-09-13", "validUntil", "2027-09-24", "slots", slots));
        assertThat(template.status()).as(template.toString()).isEqualTo(200);

        long id = request(an, leave("ANNUAL", "2027-09-14", "MORNING", "2027-09-15", "AFTERNOON")).get("id").asLong();
        teamLead.post("/api/leave/requests/" + id + "/approve", Map.of("step", 1, "substituteStaffId", binh.staffId()));
        assertThat(approve(centerLeader, id, 2).json().get("status").asText()).isEqualTo("APPROVED");

        // Four sessions, each stored with the request it covers; the roster answers with the leave and its type.
        assertThat(DB.count("roster_change", "leave_request_id = " + id + " and staff_id = " + binh.staffId())).isEqualTo(4);
        JsonNode days = centerLeader.get("/api/roster/range?siteId=" + site + "&from=2027-09-14&to=2027-09-15").json();
        List<String> covered = new ArrayList<>();
        for (JsonNode d : days) {
            for (JsonNode a : d.get("assignments")) {
                if (a.get("counterId").asLong() == counterA) {
                    covered.add(d.get("date").asText() + " " + a.get("part").asText() + " " + a.get("officer").get("id").asLong()
                            + " " + a.get("leave").get("requestId").asLong() + " " + a.get("leave").get("typeNameVi").asText());
                }
            }
        }
        assertThat(covered).containsExactly(
                "2027-09-14 MORNING " + binh.staffId() + " " + id + " Nghỉ phép năm",
                "2027-09-14 AFTERNOON " + binh.staffId() + " " + id + " Nghỉ phép năm",
                "2027-09-15 MORNING " + binh.staffId() + " " + id + " Nghỉ phép năm",
                "2027-09-15 AFTERNOON " + binh.staffId() + " " + id + " Nghỉ phép năm");
        Session a = browserOf("quantri", "admin-password-1");
        page(a, "/roster/cell?counterId=" + counterA + "&date=2027-09-14&part=MORNING",
                "<a href=\"/leave/requests/" + id + "\" id=\"current-leave\">Nghỉ phép năm (đơn nghỉ #" + id + ")</a>");
        page(a, "/roster?siteId=" + site + "&week=2027-09-13", "data-leave-request=\"" + id + "\"");

        // Cancelled before it began: the four substitutions are revoked with the roster's own revocation, audited.
        JsonNode cancelled = an.api().post("/api/leave/requests/" + id + "/cancel", Map.of("reason", "Hoãn chuyến đi")).json();
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(DB.rows("select v.reason from roster_change c join roster_change_revocation v on v.change_id = c.id"
                + " where c.leave_request_id = " + id)).hasSize(4)
                .allSatisfy(r -> assertThat(r.get("reason")).isEqualTo("Huỷ nghỉ phép (đơn #" + id + ")"));
        assertThat(DB.count("audit_event", "action = 'roster_change.revoke' and entity_id in (select id::text from roster_change"
                + " where leave_request_id = " + id + ")")).isEqualTo(4);
        JsonNode back = centerLeader.get("/api/roster/range?siteId=" + site + "&from=2027-09-14&to=2027-09-15").json();
        for (JsonNode d : back) {
            for (JsonNode x : d.get("assignments")) {
                if (x.get("counterId").asLong() == counterA) {
                    assertThat(x.get("officer").get("id").asLong()).as("%s %s", d.get("date"), x.get("part")).isEqualTo(an.staffId());
                    assertThat(x.get("leave").isNull()).isTrue();
                }
            }
        }

        // Leave whose cancellation would put An back at counter A while a supervisor has since put him at counter B:
        // refused, naming the clash, and nothing changes.
        long second = request(an, leave("ANNUAL", "2027-09-21", "MORNING", "2027-09-21", "MORNING")).get("id").asLong();
        teamLead.post("/api/leave/requests/" + second + "/approve", Map.of("step", 1, "substituteStaffId", binh.staffId()));
        approve(centerLeader, second, 2);
        Reply assigned = centerLeader.post("/api/roster/changes", Map.of("counterId", counterB, "date", "2027-09-21",
                "part", "MORNING", "kind", "ASSIGN", "staffId", an.staffId()));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        Map<String, String> before = DB.snapshot(List.of("roster_change_revocation", "leave_request"));
        assertError(an.api().post("/api/leave/requests/" + second + "/cancel", Map.of()), 409,
                "Leave request " + second + " cannot be cancelled yet");
        assertThat(DB.snapshot(List.of("roster_change_revocation", "leave_request"))).isEqualTo(before);
    }

    @Test
    void aCancellationApprovedAfterTheLeaveBeganRevokesItsSubstitutionsToo() {
        long giaoDuc = aDepartment().with("name", "Sở Giáo dục " + Org.unique()).createdBy(admin);
        long counter = Org.aCounter(site).with("departmentId", giaoDuc).createdBy(admin);
        Officer cuong = inDepartment(giaoDuc, "Lý Văn Cường");
        Officer dao = inDepartment(giaoDuc, "Mạc Thị Đào");
        // A past Monday: the template cannot reach back, a day change puts Cường at the counter that morning.
        String monday = "2026-11-23";
        Reply assigned = centerLeader.post("/api/roster/changes", Map.of("counterId", counter, "date", monday,
                "part", "MORNING", "kind", "ASSIGN", "staffId", cuong.staffId()));
        assertThat(assigned.status()).as(assigned.toString()).isEqualTo(201);
        long id = request(cuong, leave("ANNUAL", monday, "MORNING", monday, "MORNING")).get("id").asLong();
        teamLead.post("/api/leave/requests/" + id + "/approve", Map.of("step", 1, "substituteStaffId", dao.staffId()));
        approve(centerLeader, id, 2);
        assertThat(DB.count("roster_change", "leave_request_id = " + id)).isEqualTo(1);

        JsonNode asked = cuong.api().post("/api/leave/requests/" + id + "/cancel", Map.of("reason", "Vẫn đi làm")).json();
        assertThat(asked.get("status").asText()).isEqualTo("CANCEL_REQUESTED");
        assertThat(DB.count("roster_change_revocation", "change_id in (select id from roster_change where leave_request_id = "
                + id + ")")).as("the leave is still in force while the cancellation waits").isZero();
        JsonNode cancelled = centerLeader.post("/api/leave/requests/" + id + "/approve", Map.of("comment", "Đồng ý")).json();

        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(DB.count("roster_change_revocation", "change_id in (select id from roster_change where leave_request_id = "
                + id + ")")).isEqualTo(1);
        JsonNode day = centerLeader.get("/api/roster?siteId=" + site + "&date=" + monday).json();
        List<Long> atCounter = new ArrayList<>();
        for (JsonNode a : day.get("assignments")) {
            if (a.get("counterId").asLong() == counter && a.get("part").asText().equals("MORNING")) {
                atCounter.add(a.get("officer").get("id").asLong());
            }
        }
        assertThat(atCounter).containsExactly(cuong.staffId());
    }

    static Officer inDepartment(long department, String name) {
        long staff = aStaff(department, site).with("fullName", name).with("serviceStartDate", "2019-03-01").createdBy(admin);
        Org.Body account = anOfficerAccount(staff);
        account.create(admin);
        return new Officer(staff, Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD));
    }

    @Test
    void leaveOverTheNewYearIsChargedToEachYearShowsEverywhereAndCancellingRefundsBoth() {
        // A site of its own, so that its roster is this test's alone.
        long phuHoi = aSite().with("name", "Bộ phận một cửa phường Phú Hội " + Org.unique()).createdBy(admin);
        long vanHoa = aDepartment().with("name", "Sở Văn hóa " + Org.unique()).createdBy(admin);
        Org.Body sup = aSupervisorAccount(List.of(phuHoi), List.of());
        sup.create(admin);
        Api supervisor = Api.at(APP).loggedInAs(sup.get("username").toString(), Org.PASSWORD);
        Officer lan = atSite(phuHoi, vanHoa, "Nguyễn Thị Tết Tây");
        Officer hoa = atSite(phuHoi, vanHoa, "Trần Thị Trực Thay");
        long counter = Org.aCounter(phuHoi).with("departmentId", vanHoa).createdBy(admin);
        List<Map<String, Object>> mornings = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            mornings.add(Map.of("counterId", counter, "weekday", day, "part", "MORNING", "staffId", lan.staffId()));
        }
        Reply template = admin.put("/api/roster/template?siteId=" + phuHoi, Map.of("validFrom", "2026-12-28", "slots", mornings));
        assertThat(template.status()).as(template.toString()).isEqualTo(200);

        // 29 December to 3 January: 1 January (a Friday) is a holiday of the calendar, then a weekend; 2027 gets nothing.
        JsonNode toSunday = lan.api().post("/api/leave/requests/preview",
                leave("ANNUAL", "2026-12-29", "MORNING", "2027-01-03", "AFTERNOON")).json();
        assertThat(toSunday.get("days").decimalValue()).isEqualByComparingTo("3");
        assertThat(yearDays(toSunday.get("years"))).isEqualTo("2026:3.0");

        // To Tuesday 5 January: three days of 2026 and two of 2027, each against its own year.
        assertThat(balance(lan.api(), lan.staffId(), 2026, "ANNUAL").get("remaining").decimalValue()).isEqualByComparingTo("13");
        assertThat(balance(lan.api(), lan.staffId(), 2027, "ANNUAL").get("remaining").decimalValue()).isEqualByComparingTo("13");
        Map<String, Object> newYear = leave("ANNUAL", "2026-12-29", "MORNING", "2027-01-05", "AFTERNOON");
        JsonNode preview = lan.api().post("/api/leave/requests/preview", newYear).json();
        assertThat(yearDays(preview.get("years"))).isEqualTo("2026:3.0 2027:2.0");
        assertThat(preview.get("years").get(1).get("balance").get("year").asInt()).isEqualTo(2027);
        JsonNode r = request(lan, newYear);
        long id = r.get("id").asLong();
        assertThat(r.get("days").decimalValue()).isEqualByComparingTo("5");
        assertThat(yearDays(r.get("years"))).isEqualTo("2026:3.0 2027:2.0");
        assertThat(balance(lan.api(), lan.staffId(), 2026, "ANNUAL").get("pending").decimalValue()).isEqualByComparingTo("3");
        assertThat(balance(lan.api(), lan.staffId(), 2027, "ANNUAL").get("pending").decimalValue()).isEqualByComparingTo("2");
        // The pages say so too: the request's split, and the form's live count year by year.
        Session lanPages = browserOf(lan.api().get("/api/auth/me").json().get("username").asText(), Org.PASSWORD);
        page(lanPages, "/leave/requests/" + id, "Tính vào phép từng năm", "Năm 2026: 3 ngày; Năm 2027: 2 ngày");
        Reply live = lanPages.form("/leave/preview", "leaveTypeId", String.valueOf(types.get("ANNUAL")),
                "startDate", "2026-12-31", "startPart", "AFTERNOON", "endDate", "2027-01-04", "endPart", "AFTERNOON");
        assertThat(live.body()).contains("id=\"preview-years\"", "Năm 2026: 0,5 ngày", "Năm 2027: 1 ngày");

        // The approver sees Lan's five counter mornings in both years, with Hoa free, and chooses her.
        JsonNode coverage = supervisor.get("/api/leave/requests/" + id + "/coverage").json();
        List<String> sessions = new ArrayList<>();
        coverage.forEach(c -> sessions.add(c.get("date").asText()));
        assertThat(sessions).containsExactly("2026-12-29", "2026-12-30", "2026-12-31", "2027-01-04", "2027-01-05");
        coverage.forEach(c -> assertThat(ids(c.get("free"))).containsExactly(hoa.staffId()));
        Reply approved = supervisor.post("/api/leave/requests/" + id + "/approve",
                Map.of("step", 1, "substituteStaffId", hoa.staffId()));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
        assertThat(DB.count("roster_change", "replaced_staff_id = " + lan.staffId())).isEqualTo(5);

        JsonNode b2026 = balance(lan.api(), lan.staffId(), 2026, "ANNUAL");
        JsonNode b2027 = balance(lan.api(), lan.staffId(), 2027, "ANNUAL");
        assertThat(b2026.get("taken").decimalValue()).isEqualByComparingTo("3");
        assertThat(b2026.get("remaining").decimalValue()).isEqualByComparingTo("10");
        assertThat(b2027.get("taken").decimalValue()).isEqualByComparingTo("2");
        assertThat(b2027.get("remaining").decimalValue()).isEqualByComparingTo("11");

        // The timesheets of both months: P on the leave days, not on the holiday.
        assertThat(timesheetCells(supervisor, phuHoi, "2026-12", lan.staffId()).subList(28, 31)).containsExactly("P", "P", "P");
        List<String> january = timesheetCells(supervisor, phuHoi, "2027-01", lan.staffId());
        assertThat(january.get(0)).isNotEqualTo("P");
        assertThat(january.subList(3, 5)).containsExactly("P", "P");

        // The team calendar of both months: the leave on each side, no counter left without its officer.
        JsonNode december = teamRow(supervisor, phuHoi, "2026-12", lan.staffId());
        assertThat(december.get("leaveDays").decimalValue()).isEqualByComparingTo("3");
        assertThat(december.get("cells").get(30).get("morning").asText()).isEqualTo("P");
        JsonNode januaryRow = teamRow(supervisor, phuHoi, "2027-01", lan.staffId());
        assertThat(januaryRow.get("leaveDays").decimalValue()).isEqualByComparingTo("2");
        assertThat(januaryRow.get("cells").get(0).get("closed").asBoolean()).isTrue();
        assertThat(januaryRow.get("cells").get(3).get("morning").asText()).isEqualTo("P");
        JsonNode janCal = supervisor.get("/api/leave/calendar/2027-01?siteId=" + phuHoi).json();
        assertThat(dayOf(janCal, 4).get("gaps")).isEmpty();

        // Cancelled before it begins: both years get their days back, and the cells empty.
        JsonNode cancelled = lan.api().post("/api/leave/requests/" + id + "/cancel", Map.of()).json();
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        assertThat(balance(lan.api(), lan.staffId(), 2026, "ANNUAL").get("remaining").decimalValue()).isEqualByComparingTo("13");
        assertThat(balance(lan.api(), lan.staffId(), 2027, "ANNUAL").get("remaining").decimalValue()).isEqualByComparingTo("13");
        assertThat(balance(lan.api(), lan.staffId(), 2027, "ANNUAL").get("taken").decimalValue()).isEqualByComparingTo("0");
        assertThat(timesheetCells(supervisor, phuHoi, "2026-12", lan.staffId()).get(30)).isNotEqualTo("P");
        assertThat(timesheetCells(supervisor, phuHoi, "2027-01", lan.staffId()).get(3)).isNotEqualTo("P");

        // The balance is checked year by year: plenty in 2026 does not pay for 2027.
        Reply cut = admin.post("/api/leave/adjustments", Map.of("staffId", lan.staffId(), "leaveTypeId", types.get("ANNUAL"),
                "year", 2027, "days", -12, "reason", "Đã nghỉ trước 12 ngày phép năm 2027"));
        assertThat(cut.status()).as(cut.toString()).isEqualTo(201);
        Reply refused = lan.api().post("/api/leave/requests", leave("ANNUAL", "2026-12-31", "MORNING", "2027-01-05", "AFTERNOON"));
        assertError(refused, 422, "Not enough balance: 1.0 day(s) left of ANNUAL in 2027, the request counts 2.0 there");
        assertThat(refused.body()).doesNotContain("in 2026");
        assertThat(DB.count("leave_request", "staff_id = " + lan.staffId() + " and status = 'PENDING'")).isZero();
    }

    static Officer atSite(long siteId, long department, String name) {
        long staff = aStaff(department, siteId).with("fullName", name).with("serviceStartDate", "2019-03-01").createdBy(admin);
        Org.Body account = anOfficerAccount(staff);
        account.create(admin);
        return new Officer(staff, Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD));
    }

    static String yearDays(JsonNode years) {
        List<String> out = new ArrayList<>();
        years.forEach(y -> out.add(y.get("year").asInt() + ":" + y.get("days").decimalValue().setScale(1)));
        return String.join(" ", out);
    }

    static List<String> timesheetCells(Api who, long siteId, String month, long staffId) {
        Reply sheet = who.get("/api/timesheets/" + month + "?siteId=" + siteId);
        assertThat(sheet.status()).as(sheet.toString()).isEqualTo(200);
        for (JsonNode row : sheet.json().get("rows")) {
            if (row.get("staffId").asLong() == staffId) {
                List<String> cells = new ArrayList<>();
                row.get("cells").forEach(c -> cells.add(c.asText()));
                return cells;
            }
        }
        throw new AssertionError("no timesheet row of " + staffId + " in " + sheet.body());
    }

    static JsonNode teamRow(Api who, long siteId, String month, long staffId) {
        for (JsonNode row : who.get("/api/leave/calendar/" + month + "?siteId=" + siteId).json().get("rows")) {
            if (row.get("staffId").asLong() == staffId) {
                return row;
            }
        }
        throw new AssertionError("no team calendar row of " + staffId + " in " + month);
    }

    @Test
    void rejectionNeedsACommentAndEndsTheRequest() {
        Officer o = officer("Dương Thị Từ Chối", "2019-03-01");
        long id = request(o, leave("ANNUAL", "2027-02-15", "MORNING", "2027-02-15", "AFTERNOON")).get("id").asLong();
        assertError(teamLead.post("/api/leave/requests/" + id + "/reject", Map.of("step", 1)), 422, "comment");
        JsonNode r = teamLead.post("/api/leave/requests/" + id + "/reject", Map.of("step", 1, "comment", "Cao điểm cuối năm")).json();
        assertThat(r.get("status").asText()).isEqualTo("REJECTED");
        assertError(approve(centerLeader, id, 2), 409, "Already decided");
        assertThat(balance(o.api(), o.staffId(), 2027, "ANNUAL").get("pending").decimalValue()).isEqualByComparingTo("0");
        assertThat(DB.count("audit_event", "entity_type = 'leave_request' and entity_id = '" + id + "'")).isEqualTo(2);
    }

    /** A signed-in browser session: cookie and CSRF token, as the pages' forms send them. */
    record Session(Api browser, String csrf) {
        Reply form(String path, String... pairs) {
            String[] all = java.util.Arrays.copyOf(pairs, pairs.length + 2);
            all[pairs.length] = "_csrf";
            all[pairs.length + 1] = csrf;
            return browser.postRaw(path, "application/x-www-form-urlencoded", vn.onduty.server.testing.Browser.form(all));
        }
    }

    static Session browserOf(String username, String password) {
        String cookie = vn.onduty.server.testing.Browser.session(APP, username, password);
        return new Session(vn.onduty.server.testing.Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + cookie),
                vn.onduty.server.testing.Browser.csrfToken(APP, cookie));
    }

    static void page(Session s, String path, String... texts) {
        Reply r = s.browser().get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.body()).contains(texts);
    }

    @Test
    void adminPagesConfigureTypesChainsEntitlementsAndThePostCategory() {
        Session a = browserOf("quantri", "admin-password-1");
        page(a, "/admin/leave/types", "Nghỉ phép năm", "Ký hiệu chấm công");
        Reply created = a.form("/admin/leave/types/new", "code", "HIEN_MAU", "nameVi", "Hiến máu", "nameEn", "Blood donation",
                "timesheetCode", "PERSONAL_PAID", "paid", "on", "balanceRule", "NONE", "allocation", "NONE", "maxDays", "1",
                "halfDaysAllowed", "on", "active", "on", "sortOrder", "120");
        assertThat(created.status()).as(created.toString()).isEqualTo(303);
        page(a, "/admin/leave/types?done=created", "HIEN_MAU", "Hiến máu");
        Reply bad = a.form("/admin/leave/types/new", "code", "X", "nameVi", "X", "nameEn", "X", "timesheetCode", "PERSONAL_PAID",
                "balanceRule", "NONE", "allocation", "FIXED");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("yearlyDays is required");

        page(a, "/admin/leave/chains", "Quy trình duyệt nghỉ", "Trung tâm PVHCC tỉnh Thừa Thiên Huế");
        long dept = aDepartment().with("name", "Sở Y tế " + Org.unique()).createdBy(admin);
        assertThat(a.form("/admin/leave/chains", "scope", "department:" + dept, "step1", "SUPERVISORS",
                "step2", String.valueOf(centerLeaderId)).status()).isEqualTo(303);
        assertThat(DB.count("leave_chain_step s join leave_chain c on c.id = s.chain_id", "c.department_id = " + dept)).isEqualTo(2);

        Officer o = officer("Kiều Thị Trang", "2019-03-01");
        page(a, "/admin/leave/allocations?year=2026&siteId=" + site, "Kiều Thị Trang", "Phân bổ năm");
        assertThat(a.form("/admin/leave/allocations/adjust", "staffId", String.valueOf(o.staffId()),
                "leaveTypeId", String.valueOf(types.get("ANNUAL")), "year", "2026", "days", "1,5",
                "reason", "Thưởng thành tích").status()).isEqualTo(303);
        assertThat(balance(admin, o.staffId(), 2026, "ANNUAL").get("entitled").decimalValue()).isEqualByComparingTo("14.5");
        Reply noReason = a.form("/admin/leave/allocations/adjust", "staffId", String.valueOf(o.staffId()),
                "leaveTypeId", String.valueOf(types.get("ANNUAL")), "year", "2026", "days", "1");
        assertThat(noReason.status()).isEqualTo(422);

        JsonNode st = admin.get("/api/staff/" + o.staffId()).json();
        page(a, "/admin/staff/" + o.staffId(), "Loại vị trí (phép năm)");
        Reply saved = a.form("/admin/staff/" + o.staffId(), "code", st.get("code").asText(), "fullName", st.get("fullName").asText(),
                "departmentId", st.get("departmentId").asText(), "homeSiteId", st.get("homeSiteId").asText(),
                "serviceStartDate", "2019-03-01", "postCategory", "VERY_HEAVY");
        assertThat(saved.status()).as(saved.toString()).isEqualTo(303);
        assertThat(DB.rows("select post_category from staff where id = ?", o.staffId()).get(0).get("post_category"))
                .isEqualTo("VERY_HEAVY");
        assertThat(DB.count("audit_event", "action = 'staff.post_category' and entity_id = '" + o.staffId() + "'")).isEqualTo(1);
    }

    @Test
    void officerAndApproverPagesShowRequestsInboxAndDecisions() {
        Officer o = officer("Tôn Nữ Thu", "2019-03-01");
        long id = request(o, leave("ANNUAL", "2027-06-07", "MORNING", "2027-06-07", "AFTERNOON")).get("id").asLong();
        String officerName = o.api().get("/api/auth/me").json().get("username").asText();
        Session officerPages = browserOf(officerName, Org.PASSWORD);
        page(officerPages, "/leave", "Nghỉ phép của tôi", "Nghỉ phép năm", "Chờ duyệt");
        page(officerPages, "/leave/new", "Đơn xin nghỉ", "multipart/form-data");
        Reply preview = officerPages.form("/leave/preview", "leaveTypeId", String.valueOf(types.get("ANNUAL")),
                "startDate", "2027-06-08", "startPart", "AFTERNOON", "endDate", "2027-06-09", "endPart", "AFTERNOON");
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("1,5 ngày làm việc").doesNotContain("<html");

        String leadName = teamLead.get("/api/auth/me").json().get("username").asText();
        Session lead = browserOf(leadName, Org.PASSWORD);
        page(lead, "/leave/inbox", "Đơn chờ duyệt", "Tôn Nữ Thu", "Ủy quyền duyệt khi vắng");
        assertThat(Integer.parseInt(lead.browser().get("/leave/inbox/count").body())).isPositive();
        page(lead, "/leave/requests/" + id, "Duyệt bước 1/2", "Tôn Nữ Thu");
        Reply noComment = lead.form("/leave/requests/" + id + "/reject", "step", "1");
        assertThat(noComment.status()).isEqualTo(422);
        assertThat(noComment.body()).contains("comment");
        Reply rejected = lead.form("/leave/requests/" + id + "/reject", "step", "1", "comment", "Trùng đợt tiếp dân");
        assertThat(rejected.status()).isEqualTo(303);
        page(officerPages, "/leave/requests/" + id, "Không duyệt", "Trùng đợt tiếp dân");
        page(lead, "/leave/calendar?month=2027-06&departmentId=" + tuPhap, "Lịch nghỉ của đơn vị", "Tôn Nữ Thu");
        assertThat(lead.form("/leave/delegations", "toUserId", String.valueOf(centerLeaderId), "startsOn", "2027-06-01",
                "endsOn", "2027-06-05").status()).isEqualTo(303);
    }

    @Test
    void leaveTypesAreConfigurableByAdminsWithALegendCode() {
        Map<String, Object> t = new HashMap<>(Map.of("code", "BLOOD_DONATION", "nameVi", "Hiến máu", "nameEn", "Blood donation",
                "timesheetCode", "PERSONAL_PAID", "paid", true, "balanceRule", "NONE", "allocation", "NONE",
                "halfDaysAllowed", true, "documentRequired", false));
        t.put("maxDays", 1);
        Reply created = admin.post("/api/leave/types", t);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        t.put("timesheetCode", "NO_SUCH");
        assertError(admin.put("/api/leave/types/" + created.id(), t), 422, "timesheetCode");
        assertThat(admin.get("/api/leave/types").body()).contains("BLOOD_DONATION");
        assertThat(teamLead.post("/api/leave/types", t).status()).isEqualTo(403);
    }

}
