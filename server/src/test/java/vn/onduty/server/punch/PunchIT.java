package vn.onduty.server.punch;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Events.STREAM;
import static vn.onduty.server.testing.Events.enrolled;
import static vn.onduty.server.testing.Events.punch;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anOfficerAccount;
import static vn.onduty.server.testing.TestDatabase.row;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Fingerprints.Sensor;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Punches: each mapped to whoever held (sensor, slot) at the moment of the touch, however late it
 * arrives; unresolved ones kept and assigned by an admin with a record of their own; and read back by
 * business day in the site's zone, within the caller's scope. Every test has its own agent and days.
 */
class PunchIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(PunchIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static Api admin;
    static long adminId;
    static long site;
    static long otherSite;
    static long lan;
    static long nam;
    static Api officerLan;
    static Api supervisorOfSite;
    static Api supervisorOfOtherSite;
    DeviceAgent agent;
    Sensor sensor;
    long seq;

    @BeforeAll
    static void arrange() {
        adminId = Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().with("timeZone", "Asia/Ho_Chi_Minh").createdBy(admin);
        otherSite = aSite().createdBy(admin);
        long tuPhap = aDepartment().createdBy(admin);
        long noiVu = aDepartment().createdBy(admin);
        lan = aStaff(tuPhap, site).with("fullName", "Nguyễn Thị Lan").createdBy(admin);
        nam = aStaff(noiVu, site).with("fullName", "Hoàng Văn Nam").createdBy(admin);
        officerLan = signIn(anOfficerAccount(lan));
        supervisorOfSite = signIn(aSupervisorAccount(List.of(site), List.of()));
        supervisorOfOtherSite = signIn(aSupervisorAccount(List.of(otherSite), List.of()));
    }

    private static Api signIn(Org.Body account) {
        account.create(admin);
        return Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);
    }

    @BeforeEach
    void newAgentWithASensor() {
        agent = DeviceAgent.register(APP, admin, site);
        sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
    }

    // ---- mapping ----

    @Test
    void punchGoesToWhoeverHeldTheSlotAtTheTouchEvenWhenItArrivesLate() {
        Instant enrolledA = Instant.parse("2026-11-02T01:00:00Z");
        Instant removedA = Instant.parse("2026-11-03T01:00:00Z");
        Instant enrolledB = Instant.parse("2026-11-04T01:00:00Z");
        long a = Fingerprints.enroll(admin, agent, sensor, lan, 3, enrolledA);
        long onTime = deliverPunch(enrolledA.plus(Duration.ofMinutes(10)), 3);
        Fingerprints.unenroll(admin, agent, sensor, a, 3, removedA);
        long b = Fingerprints.enroll(admin, agent, sensor, nam, 3, enrolledB);

        // Delivered after both changes: an agent that was offline for days.
        Map<String, Long> late = new HashMap<>();
        late.put("before anyone", deliverPunch(enrolledA.minusSeconds(1), 3));
        late.put("as A was enrolled", deliverPunch(enrolledA, 3));
        late.put("while A held it", deliverPunch(removedA.minusSeconds(1), 3));
        late.put("as A was removed", deliverPunch(removedA, 3));
        late.put("while nobody held it", deliverPunch(enrolledB.minusSeconds(1), 3));
        late.put("as B was enrolled", deliverPunch(enrolledB, 3));
        late.put("while B holds it", deliverPunch(enrolledB.plus(Duration.ofDays(2)), 3));

        assertThat(stored(onTime)).isEqualTo(row("staff_id", lan, "enrollment_id", a));
        assertThat(stored(late.get("before anyone"))).isEqualTo(row("staff_id", null, "enrollment_id", null));
        assertThat(stored(late.get("as A was enrolled"))).isEqualTo(row("staff_id", lan, "enrollment_id", a));
        assertThat(stored(late.get("while A held it"))).isEqualTo(row("staff_id", lan, "enrollment_id", a));
        assertThat(stored(late.get("as A was removed"))).isEqualTo(row("staff_id", null, "enrollment_id", null));
        assertThat(stored(late.get("while nobody held it"))).isEqualTo(row("staff_id", null, "enrollment_id", null));
        assertThat(stored(late.get("as B was enrolled"))).isEqualTo(row("staff_id", nam, "enrollment_id", b));
        assertThat(stored(late.get("while B holds it"))).isEqualTo(row("staff_id", nam, "enrollment_id", b));
    }

    @Test
    void enrollingSomeoneElseInAHeldSlotEndsThePreviousEnrollmentAtThatMoment() {
        Instant enrolledA = Instant.parse("2026-11-06T01:00:00Z");
        Instant enrolledB = Instant.parse("2026-11-07T01:00:00Z");
        long a = Fingerprints.enroll(admin, agent, sensor, lan, 4, enrolledA);
        long b = Fingerprints.enroll(admin, agent, sensor, nam, 4, enrolledB);

        long beforeB = deliverPunch(enrolledB.minusSeconds(60), 4);
        long afterB = deliverPunch(enrolledB.plusSeconds(60), 4);

        assertThat(DB.rows("select id, removed_at is not distinct from enrolled_at + interval '1 day' as ended_by_b "
                + "from enrollment where id in (?, ?) order by id", a, b))
                .containsExactly(row("id", a, "ended_by_b", true), row("id", b, "ended_by_b", false));
        assertThat(stored(beforeB)).isEqualTo(row("staff_id", lan, "enrollment_id", a));
        assertThat(stored(afterB)).isEqualTo(row("staff_id", nam, "enrollment_id", b));
    }

    @Test
    void punchTouchedAfterAnEnrollmentButDeliveredBeforeItsResultFindsItsOfficer() {
        Instant enrolledAt = Instant.parse("2026-11-09T01:00:00Z");
        long command = Fingerprints.requestEnrollment(admin, sensor, lan);
        long early = deliverPunch(enrolledAt.plusSeconds(300), 6);
        long beforeTheEnrollment = deliverPunch(enrolledAt.minusSeconds(300), 6);
        assertThat(stored(early)).isEqualTo(row("staff_id", null, "enrollment_id", null));

        agent.deliver(enrolled(DeviceAgent.FIXTURE_STREAM, agent.nextFixtureSeq(), enrolledAt, "cua-chinh", command, 6));

        long enrollment = Fingerprints.command(admin, command).get("enrollmentId").asLong();
        assertThat(stored(early)).isEqualTo(row("staff_id", lan, "enrollment_id", enrollment));
        assertThat(stored(beforeTheEnrollment)).isEqualTo(row("staff_id", null, "enrollment_id", null));
    }

    // ---- unresolved punches ----

    @Test
    void punchFromASlotNobodyHeldIsKeptAndListedAsUnresolved() {
        long id = deliverPunch(Instant.parse("2026-11-10T01:02:03Z"), 42);

        assertThat(stored(id)).isEqualTo(row("staff_id", null, "enrollment_id", null));
        Reply r = admin.get("/api/punches/unresolved?siteId=" + site);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode listed = find(r.json(), id);
        assertThat(listed.get("staffId").isNull()).isTrue();
        assertThat(listed.get("sensorName").asText()).isEqualTo("cua-chinh");
        assertThat(listed.get("slot").asInt()).isEqualTo(42);
        assertThat(Instant.parse(listed.get("at").asText())).isEqualTo(Instant.parse("2026-11-10T01:02:03Z"));
        assertThat(ids(admin.get("/api/punches?from=2026-11-10&to=2026-11-10").json().get("items")))
                .as("admins see unresolved punches in the list too").contains(id);
        assertThat(admin.get("/api/sensors/" + sensor.id()).json().get("unresolvedPunches").asLong()).isEqualTo(1);
    }

    @Test
    void resolvingAssignsThePunchByARecordOfItsOwnAndIsAudited() {
        long id = deliverPunch(Instant.parse("2026-11-11T01:00:00Z"), 43);
        String punchRow = punchRow(id);

        Reply r = admin.post("/api/punches/" + id + "/resolve", Map.of("staffId", lan, "note", "Chị Lan dùng máy mới, chưa đăng ký"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("id").asLong()).isEqualTo(id);
        assertThat(r.json().get("staffId").asLong()).isEqualTo(lan);
        assertThat(r.json().get("staffName").asText()).isEqualTo("Nguyễn Thị Lan");
        assertThat(r.json().get("resolvedBy").asLong()).isEqualTo(adminId);
        assertThat(punchRow(id)).as("the punch itself is not edited").isEqualTo(punchRow);
        assertThat(DB.rows("select staff_id, resolved_by, note from punch_resolution where punch_id = ?", id))
                .containsExactly(row("staff_id", lan, "resolved_by", adminId, "note", "Chị Lan dùng máy mới, chưa đăng ký"));
        assertThat(DB.count("audit_event", "action = 'punch.resolve' and entity_type = 'punch' and entity_id = '" + id
                + "' and actor_user_id = " + adminId + " and after->>'staffId' = '" + lan + "'")).isEqualTo(1);
        assertThat(ids(admin.get("/api/punches/unresolved").json())).doesNotContain(id);
        assertThat(ids(officerLan.get("/api/punches?from=2026-11-11&to=2026-11-11").json().get("items")))
                .as("now Lan's punch").containsExactly(id);
    }

    @Test
    void resolvingAPunchTwiceIsAConflict() {
        long id = deliverPunch(Instant.parse("2026-11-12T01:00:00Z"), 44);
        assertThat(admin.post("/api/punches/" + id + "/resolve", Map.of("staffId", lan)).status()).isEqualTo(200);

        Reply again = admin.post("/api/punches/" + id + "/resolve", Map.of("staffId", nam));

        assertThat(again.status()).as("%s", again).isEqualTo(409);
        assertThat(again.json().get("code").asInt()).isEqualTo(409);
        assertThat(DB.rows("select staff_id from punch_resolution where punch_id = ?", id)).containsExactly(Map.of("staff_id", lan));
        assertThat(DB.count("audit_event", "action = 'punch.resolve' and entity_id = '" + id + "'")).isEqualTo(1);
    }

    @Test
    void resolvingAPunchThatAlreadyHasItsOfficerIsAConflict() {
        Instant at = Instant.parse("2026-11-13T01:00:00Z");
        Fingerprints.enroll(admin, agent, sensor, lan, 8, at.minusSeconds(3600));
        long id = deliverPunch(at, 8);

        Reply r = admin.post("/api/punches/" + id + "/resolve", Map.of("staffId", nam));

        assertThat(r.status()).as("%s", r).isEqualTo(409);
        assertThat(DB.count("punch_resolution", "punch_id = " + id)).isZero();
        assertThat(stored(id)).containsEntry("staff_id", lan);
    }

    // ---- reading by business day and scope ----

    @Test
    void eachCallerSeesThePunchesOfTheirScope() {
        Instant morning = Instant.parse("2026-10-05T01:00:00Z");
        Fingerprints.enroll(admin, agent, sensor, lan, 1, morning.minusSeconds(3600));
        Fingerprints.enroll(admin, agent, sensor, nam, 2, morning.minusSeconds(3600));
        long lanPunch = deliverPunch(morning, 1);
        long namPunch = deliverPunch(morning.plusSeconds(60), 2);
        long nobodys = deliverPunch(morning.plusSeconds(120), 9);
        String day = "/api/punches?from=2026-10-05&to=2026-10-05";

        assertThat(listed(officerLan, day)).containsExactly(lanPunch);
        assertThat(listed(supervisorOfSite, day)).containsExactly(lanPunch, namPunch);
        assertThat(listed(supervisorOfOtherSite, day)).isEmpty();
        assertThat(listed(admin, day)).containsExactly(lanPunch, namPunch, nobodys);
        assertThat(officerLan.get(day + "&staffId=" + nam).json().get("total").asLong())
                .as("asking for a colleague shows nothing").isZero();
    }

    @Test
    void aPunchBelongsToTheBusinessDayOfTheSitesZone() {
        Fingerprints.enroll(admin, agent, sensor, lan, 1, Instant.parse("2026-11-20T00:00:00Z"));
        long lateEvening = deliverPunch(Instant.parse("2026-11-25T16:59:59Z"), 1); // 23:59:59 on the 25th in Huế
        long earlyMorning = deliverPunch(Instant.parse("2026-11-25T17:30:00Z"), 1); // 00:30 on the 26th

        assertThat(listed(officerLan, "/api/punches?from=2026-11-25&to=2026-11-25")).containsExactly(lateEvening);
        assertThat(listed(officerLan, "/api/punches?from=2026-11-26&to=2026-11-26")).containsExactly(earlyMorning);
        assertThat(listed(officerLan, "/api/punches?from=2026-11-25&to=2026-11-26")).containsExactly(lateEvening, earlyMorning);
    }

    @Test
    void fromAfterToIsRefused() {
        Reply r = officerLan.get("/api/punches?from=2026-11-26&to=2026-11-25");

        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().get("details").get(0).asText()).isEqualTo("to must not be before from");
    }

    @Test
    void missingFromIsRefused() {
        Reply r = officerLan.get("/api/punches?to=2026-11-25");

        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().get("details").get(0).asText()).startsWith("from");
    }

    // ---- helpers ----

    /** Delivers one punch from {@link #sensor} and returns the stored punch's id. */
    private long deliverPunch(Instant at, int slot) {
        long s = ++seq;
        agent.deliver(punch(STREAM, s, at, sensor.name(), slot));
        return (Long) DB.rows("select id from punch where agent_id = ? and stream = ? and seq = ?", agent.id(), STREAM, s)
                .get(0).get("id");
    }

    private static Map<String, Object> stored(long punch) {
        return DB.rows("select staff_id, enrollment_id from punch where id = ?", punch).get(0);
    }

    private static String punchRow(long punch) {
        return DB.rows("select to_jsonb(p)::text as row from punch p where id = ?", punch).get(0).get("row").toString();
    }

    private static List<Long> listed(Api caller, String path) {
        Reply r = caller.get(path);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        List<Long> ids = ids(r.json().get("items"));
        assertThat(r.json().get("total").asLong()).isEqualTo(ids.size());
        return ids;
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }

    private static JsonNode find(JsonNode items, long id) {
        return StreamSupport.stream(items.spliterator(), false).filter(i -> i.get("id").asLong() == id).findFirst()
                .orElseThrow(() -> new AssertionError("punch " + id + " not in " + items));
    }
}
