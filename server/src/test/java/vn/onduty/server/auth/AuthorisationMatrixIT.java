package vn.onduty.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static vn.onduty.server.testing.Events.batch;
import static vn.onduty.server.testing.Events.heartbeat;
import static vn.onduty.server.testing.Events.punch;
import static vn.onduty.server.testing.Events.sensorStatus;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.Org.aSupervisorAccount;
import static vn.onduty.server.testing.Org.anAgent;
import static vn.onduty.server.testing.Org.anOfficerAccount;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.Jpegs;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Org;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Who may call what: every /api endpoint the OpenAPI description lists is called by every kind of
 * caller, and the status compared with a fixed table. An endpoint missing from the table fails the
 * build, so a new endpoint cannot ship without someone deciding who may call it.
 */
class AuthorisationMatrixIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(AuthorisationMatrixIT.class);

    /** Each row makes its own sensors on the one agent, hundreds in all: far more than a site computer may have. */
    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB, Map.of("sensors.maxPerAgent", "1000"));

    /** The kinds of caller, in the order of each row of the table. */
    enum Who { ANONYMOUS, OFFICER, SUPERVISOR_OUT_OF_SCOPE, SUPERVISOR_IN_SCOPE, ADMIN, AGENT }

    static final List<Integer> READ_BY_PEOPLE = List.of(401, 200, 200, 200, 200, 403);
    static final List<Integer> ADMIN_CREATES = List.of(401, 403, 403, 403, 201, 403);
    static final List<Integer> ADMIN_ONLY = List.of(401, 403, 403, 403, 200, 403);
    /** Reading the officer's own staff record: the out-of-scope supervisor is told it does not exist. */
    static final List<Integer> OWN_STAFF_RECORD = List.of(401, 200, 404, 200, 200, 403);
    static final List<Integer> ANYONE = List.of(200, 200, 200, 200, 200, 200);
    static final List<Integer> PEOPLE_NO_CONTENT = List.of(401, 204, 204, 204, 204, 403);
    /** An admin's request that queues work for an agent. */
    static final List<Integer> ADMIN_ACCEPTS = List.of(401, 403, 403, 403, 202, 403);
    /** The device-agent protocol: a person's session token is the wrong kind of caller. */
    static final List<Integer> AGENT_ONLY = List.of(401, 403, 403, 403, 403, 200);
    static final List<Integer> AGENT_NO_CONTENT = List.of(401, 403, 403, 403, 403, 204);
    static final List<Integer> ADMIN_NO_CONTENT = List.of(401, 403, 403, 403, 204, 403);
    /** Timesheets: the supervisors of the site and admins. */
    static final List<Integer> SUPERVISORS_IN_SCOPE = List.of(401, 403, 403, 200, 200, 403);
    /** Read by every supervisor and admin, whatever their scope: the timesheet forms' header lines. */
    static final List<Integer> SUPERVISORS_AND_ADMINS = List.of(401, 403, 200, 200, 200, 403);
    /** A request for the officer: the officer and admins make it, supervisors do not request for others. */
    static final List<Integer> OWN_OR_ADMIN_CREATES = List.of(401, 201, 403, 403, 201, 403);
    /** Deciding a request of the officer: never the officer themselves; the out-of-scope supervisor does not see it. */
    static final List<Integer> APPROVERS = List.of(401, 403, 404, 200, 200, 403);
    static final List<Integer> OWN_OR_ADMIN_CANCELS = List.of(401, 200, 404, 403, 200, 403);
    static final List<Integer> SUPERVISORS_CREATE = List.of(401, 403, 201, 201, 201, 403);
    /** Ending a delegation: the supervisor who made it and admins; another supervisor is told it does not exist. */
    static final List<Integer> DELEGATOR_OR_ADMIN_REVOKES = List.of(401, 403, 404, 200, 200, 403);
    static final java.util.concurrent.atomic.AtomicInteger LEAVE_DAYS = new java.util.concurrent.atomic.AtomicInteger();
    static Long leaveWithDocument;
    static Long spareLeaveType;
    static final java.util.concurrent.atomic.AtomicInteger TIMESHEET_MONTHS = new java.util.concurrent.atomic.AtomicInteger();
    /** A site's roster: its supervisors and officers read it (the officer's home site is site A). */
    static final List<Integer> SITE_ROSTER_READ = List.of(401, 200, 403, 200, 200, 403);
    /** Changing a site's roster: admins and the site's supervisors. */
    static final List<Integer> SITE_ROSTER_EDIT = List.of(401, 403, 403, 200, 200, 403);
    static final List<Integer> SITE_ROSTER_CREATES = List.of(401, 403, 403, 201, 201, 403);
    /** Asking to correct one's own day: only a person linked to a staff record has a day to correct. */
    static final List<Integer> OFFICER_ASKS = List.of(401, 201, 403, 403, 403, 403);
    /** Deciding on the officer's request: the out-of-scope supervisor is told it does not exist. */
    static final List<Integer> SUPERVISOR_IN_SCOPE_DECIDES = List.of(401, 403, 404, 200, 200, 403);
    /** Cancelling the officer's request: only its author; others in scope may see it but not cancel it. */
    static final List<Integer> AUTHOR_CANCELS = List.of(401, 200, 404, 403, 403, 403);
    /** Counter presence: the site's supervisors and admins; a supervisor of another site is refused. */
    static final List<Integer> SITE_SUPERVISORS = List.of(401, 403, 403, 200, 200, 403);

    /** Queue tickets: an admin's token, or the site's device agent on behalf of its queue system. */
    static final List<Integer> ADMIN_OR_AGENT = List.of(401, 403, 403, 403, 200, 200);
    /** One's own personal data: only a person linked to a staff record has any (the officer here). */
    static final List<Integer> OWN_PERSONAL_DATA = List.of(401, 200, 403, 403, 403, 403);
    /** An officer's archive on their request: supervisors whose scope holds them and admins; another is told it does not exist. */
    static final List<Integer> EXPORT_ON_REQUEST = List.of(401, 403, 404, 200, 200, 403);

    static final String ADMIN_PASSWORD = "admin-password-1";
    static final Map<Who, String> USERNAMES = new EnumMap<>(Who.class);
    static final Map<Who, Api> CALLERS = new EnumMap<>(Who.class);
    static Api admin;
    static long siteA;
    static long siteB;
    static long departmentX;
    static long departmentY;
    static long ownStaff;
    static long colleagueAtSiteA;
    static long staffAtSiteB;
    static long spareSite;
    static long spareDepartment;
    static long spareCounter;
    static long spareStaff;
    static long spareAccount;
    static long spareAgent;
    /** The AGENT caller, which also delivers the events that the fingerprint and punch fixtures need. */
    static DeviceAgent device;
    static long enrollableStaff;
    static final AtomicLong CALL_SEQ = new AtomicLong();
    static final Instant AT = Instant.parse("2026-11-26T01:30:00Z");
    static long spareHoliday;
    /** A counter of site A that no row deactivates, for roster changes. */
    static long rosterCounter;
    /** Days of a year nobody else uses, one per call that adds a day, so that no two calls collide. */
    static final java.util.concurrent.atomic.AtomicInteger HOLIDAY_DAYS = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void arrange() {
        Admins.create(DB, "quantri", ADMIN_PASSWORD);
        admin = Api.at(APP).loggedInAs("quantri", ADMIN_PASSWORD);
        USERNAMES.put(Who.ADMIN, "quantri");

        siteA = aSite().with("name", "Trung tâm HCC tỉnh (cơ sở A)").createdBy(admin);
        siteB = aSite().with("name", "Bộ phận một cửa xã Phú Vang (cơ sở B)").createdBy(admin);
        departmentX = aDepartment().createdBy(admin);
        departmentY = aDepartment().createdBy(admin);
        ownStaff = aStaff(departmentX, siteA).with("fullName", "Nguyễn Thị Lan").createdBy(admin);
        colleagueAtSiteA = aStaff(departmentY, siteA).with("fullName", "Hoàng Văn Nam").createdBy(admin);
        staffAtSiteB = aStaff(departmentY, siteB).with("fullName", "Lê Văn Hùng").createdBy(admin);

        person(Who.OFFICER, anOfficerAccount(ownStaff));
        person(Who.SUPERVISOR_IN_SCOPE, aSupervisorAccount(List.of(siteA), List.of()));
        person(Who.SUPERVISOR_OUT_OF_SCOPE, aSupervisorAccount(List.of(siteB), List.of()));
        device = DeviceAgent.register(APP, admin, siteA);
        CALLERS.put(Who.ANONYMOUS, Api.at(APP));
        CALLERS.put(Who.ADMIN, admin);
        CALLERS.put(Who.AGENT, device.api());

        spareSite = aSite().createdBy(admin);
        spareDepartment = aDepartment().createdBy(admin);
        spareCounter = aCounter(siteA).createdBy(admin);
        spareStaff = aStaff(departmentX, siteA).createdBy(admin);
        spareAccount = aSupervisorAccount(List.of(), List.of()).createdBy(admin);
        spareAgent = anAgent(siteA).create(admin).json().get("agent").get("id").asLong();
        // Never deactivated by the rows below, so an enrollment of them is always accepted.
        enrollableStaff = aStaff(departmentX, siteA).createdBy(admin);
        spareHoliday = newHoliday();
        // Receives delegations; never deactivated by a row, so a delegation to it is always accepted.
        delegateAccount = aSupervisorAccount(List.of(), List.of()).createdBy(admin);
        rosterCounter = aCounter(siteA).createdBy(admin);
    }

    /** A day change closing the roster counter on a Monday morning, made by the admin: one a call may read or revoke. */
    static long newRosterChange() {
        Reply r = admin.post("/api/roster/changes", rosterChangeBody());
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.id();
    }

    static Map<String, Object> rosterChangeBody() {
        return Map.of("counterId", rosterCounter, "date", "2027-03-01", "part", "MORNING", "kind", "CLOSED",
                "reason", "Sửa máy tính " + Org.unique());
    }

    static Map<String, Object> rosterTemplateBody() {
        return Map.of("validFrom", "2027-03-01", "slots", List.of(Map.of("counterId", rosterCounter, "weekday", "TUESDAY",
                "part", "MORNING", "staffId", ownStaff)));
    }

    static long delegateAccount;

    // ---- fixtures for the fingerprint and punch rows: real sensors, commands and punches made through the API ----

    /** Days of the officer's past, one per request made, so that no two pending requests share a day. */
    static final java.util.concurrent.atomic.AtomicInteger CORRECTION_DAYS = new java.util.concurrent.atomic.AtomicInteger();

    static String correctionDay() {
        return java.time.LocalDate.of(2026, 1, 1).plusDays(CORRECTION_DAYS.getAndIncrement()).toString();
    }

    /** A pending request of the officer for a day of their own, made through the API. */
    static long pendingCorrection() {
        Reply r = CALLERS.get(Who.OFFICER).post("/api/attendance/corrections", Map.of(
                "date", correctionDay(), "kind", "OFFICIAL_BUSINESS", "parts", "MORNING",
                "reason", "Họp tại Sở"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.id();
    }

    /** A sensor reported by the agent's heartbeat, with nothing queued on it. */
    static Fingerprints.Sensor newSensor() {
        return Fingerprints.sensor(admin, device, "cua-" + Org.unique());
    }

    /** An enroll command, still PENDING, on a sensor of its own. */
    static long openCommand() {
        return Fingerprints.requestEnrollment(admin, newSensor(), enrollableStaff);
    }

    /** A live enrollment, made the whole way: admin's command, then the agent's result. */
    static long liveEnrollment() {
        return Fingerprints.enroll(admin, device, newSensor(), enrollableStaff, 1, AT);
    }

    /** A punch from a slot nobody is enrolled in. */
    static long unresolvedPunch() {
        long seq = device.nextFixtureSeq();
        device.deliver(punch(DeviceAgent.FIXTURE_STREAM, seq, AT, "cua-khong-ai", 7));
        return (Long) DB.rows("select id from punch where agent_id = ? and stream = ? and seq = ?",
                device.id(), DeviceAgent.FIXTURE_STREAM, seq).get(0).get("id");
    }

    /** A punch whose device time is 2000-01-01 (a terminal's flat clock battery): flagged, waiting for an admin. */
    static long timeFlaggedPunch() {
        long seq = device.nextFixtureSeq();
        device.deliver(punch(DeviceAgent.FIXTURE_STREAM, seq, Instant.parse("2000-01-01T00:30:00Z"), "cua-khong-ai", 7));
        return (Long) DB.rows("select id from punch where agent_id = ? and stream = ? and seq = ?",
                device.id(), DeviceAgent.FIXTURE_STREAM, seq).get(0).get("id");
    }

    /** A day off of its own in 2042, added by the admin: a row a call may change or remove. */
    static long newHoliday() {
        Reply r = admin.post("/api/holidays/days", holidayBody());
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.id();
    }

    static Map<String, Object> holidayBody() {
        return Map.of("date", java.time.LocalDate.of(2042, 6, 1).plusDays(HOLIDAY_DAYS.incrementAndGet()).toString(),
                "kind", "DAY_OFF", "name", "Ngày nghỉ thêm " + Org.unique());
    }

    static Map<String, Object> calendarBody() {
        List<Map<String, Object>> week = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            week.add(Map.of("weekday", day, "part", "MORNING", "start", "07:30", "end", "11:30"));
            week.add(Map.of("weekday", day, "part", "AFTERNOON", "start", "13:30", "end", "17:00"));
        }
        return Map.of("lateGraceMinutes", 5, "earlyLeaveGraceMinutes", 5, "punchInBeforeMinutes", 60,
                "punchOutAfterMinutes", 120, "sessions", week, "seasons", List.of(), "dutySaturdays", List.of());
    }

    private static void person(Who who, Org.Body account) {
        account.create(admin);
        USERNAMES.put(who, account.get("username").toString());
        CALLERS.put(who, Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD));
    }

    /** What to send: the concrete path and body, made fresh for each call so that no call collides with another. */
    record Call(String path, Object body, String contentType) {
        Call(String path, Object body) {
            this(path, body, body == null ? null : "application/json");
        }
    }

    // ---- fixtures for the camera rows ----

    /** A camera of its own at site A, watched by the AGENT caller, so no open command blocks a call. */
    static long newCamera() {
        return Cameras.create(admin, cameraOfTheAgent());
    }

    /** A new camera's body naming the AGENT caller as its agent: site A has a spare agent too. */
    static Map<String, Object> cameraOfTheAgent() {
        Map<String, Object> camera = Cameras.aCamera(siteA);
        camera.put("agentId", device.id());
        return camera;
    }

    /** A zone of its own: a new camera and a new counter. */
    static String newZone() {
        long camera = newCamera();
        return camera + "/zones/" + Cameras.zone(admin, camera, aCounter(siteA).createdBy(admin), Cameras.seat(0));
    }

    /** A camera with a snapshot taken through the whole protocol. */
    static long cameraWithSnapshot() {
        long camera = newCamera();
        long command = admin.post("/api/cameras/" + camera + "/snapshot", null).id();
        Reply r = device.api().sendBytes("PUT", snapshotPath(camera, command), "image/jpeg", JPEG);
        assertThat(r.status()).as("%s", r).isEqualTo(204);
        return camera;
    }

    /** The upload path of a pending camera_snapshot command for the AGENT caller. */
    static String pendingSnapshot() {
        long camera = newCamera();
        return snapshotPath(camera, admin.post("/api/cameras/" + camera + "/snapshot", null).id());
    }

    static String snapshotPath(long camera, long command) {
        return "/api/agent/cameras/" + camera + "/snapshot?commandId=" + command;
    }

    static final byte[] JPEG = Jpegs.counters(320, 180);

    /** The path by which the AGENT caller fetches the snapshot an open calibrate-from-snapshot command names. */
    static String snapshotForCalibration() {
        long camera = cameraWithSnapshot();
        long snapshot = DB.rows("select id from camera_snapshot where camera_id = ?", camera).stream()
                .mapToLong(r -> ((Number) r.get("id")).longValue()).max().orElseThrow();
        long zone = Cameras.zone(admin, camera, aCounter(siteA).createdBy(admin), Cameras.seat(0));
        Reply asked = admin.post("/api/cameras/" + camera + "/zones/" + zone + "/calibrate", Map.of("snapshotId", snapshot));
        assertThat(asked.status()).as("%s", asked).isEqualTo(202);
        return "/api/agent/cameras/" + camera + "/snapshots/" + snapshot + "?commandId=" + asked.id();
    }

    record Expectation(List<Integer> statuses, Supplier<Call> call) {}

    static final Map<String, Expectation> TABLE = new LinkedHashMap<>();

    static {
        for (String kind : List.of("sites", "departments", "counters", "staff")) {
            String api = "/api/" + kind;
            expect("GET " + api, READ_BY_PEOPLE, () -> new Call(api, null));
            expect("POST " + api, ADMIN_CREATES, () -> new Call(api, newBody(kind)));
            expect("PUT " + api + "/{id}", ADMIN_ONLY, () -> new Call(api + "/" + spare(kind), newBody(kind)));
            expect("POST " + api + "/{id}/deactivate", ADMIN_ONLY, () -> new Call(api + "/" + spare(kind) + "/deactivate", null));
            expect("POST " + api + "/{id}/reactivate", ADMIN_ONLY, () -> new Call(api + "/" + spare(kind) + "/reactivate", null));
        }
        expect("GET /api/sites/{id}", READ_BY_PEOPLE, () -> new Call("/api/sites/" + siteA, null));
        expect("GET /api/departments/{id}", READ_BY_PEOPLE, () -> new Call("/api/departments/" + departmentX, null));
        expect("GET /api/counters/{id}", READ_BY_PEOPLE, () -> new Call("/api/counters/" + spareCounter, null));
        expect("GET /api/staff/{id}", OWN_STAFF_RECORD, () -> new Call("/api/staff/" + ownStaff, null));

        expect("GET /api/accounts", ADMIN_ONLY, () -> new Call("/api/accounts", null));
        expect("GET /api/accounts/{id}", ADMIN_ONLY, () -> new Call("/api/accounts/" + spareAccount, null));
        expect("POST /api/accounts", ADMIN_CREATES, () -> new Call("/api/accounts",
                aSupervisorAccount(List.of(siteA), List.of(departmentX)).fields()));
        expect("PUT /api/accounts/{id}", ADMIN_ONLY, () -> new Call("/api/accounts/" + spareAccount,
                aSupervisorAccount(List.of(siteB), List.of()).fields()));
        expect("POST /api/accounts/{id}/password", ADMIN_ONLY, () -> new Call("/api/accounts/" + spareAccount + "/password",
                Map.of("password", "mat-khau-moi-" + Org.unique())));
        expect("POST /api/accounts/{id}/deactivate", ADMIN_ONLY, () -> new Call("/api/accounts/" + spareAccount + "/deactivate", null));
        expect("POST /api/accounts/{id}/reactivate", ADMIN_ONLY, () -> new Call("/api/accounts/" + spareAccount + "/reactivate", null));
        expect("GET /api/login-locks", ADMIN_ONLY, () -> new Call("/api/login-locks", null));
        expect("POST /api/login-locks/accounts/{username}/lift", ADMIN_ONLY,
                () -> new Call("/api/login-locks/accounts/nobody-locked/lift", null));
        expect("POST /api/login-locks/addresses/{ip}/lift", ADMIN_ONLY,
                () -> new Call("/api/login-locks/addresses/192.0.2.99/lift", null));

        expect("GET /api/agents", ADMIN_ONLY, () -> new Call("/api/agents", null));
        expect("GET /api/agents/{id}", ADMIN_ONLY, () -> new Call("/api/agents/" + spareAgent, null));
        expect("POST /api/agents", ADMIN_CREATES, () -> new Call("/api/agents", anAgent(siteA).fields()));
        expect("PUT /api/agents/{id}", ADMIN_ONLY, () -> new Call("/api/agents/" + spareAgent, anAgent(siteA).fields()));
        expect("POST /api/agents/{id}/rotate-token", ADMIN_ONLY, () -> new Call("/api/agents/" + spareAgent + "/rotate-token", null));
        expect("POST /api/agents/{id}/deactivate", ADMIN_ONLY, () -> new Call("/api/agents/" + spareAgent + "/deactivate", null));
        expect("POST /api/agents/{id}/reactivate", ADMIN_ONLY, () -> new Call("/api/agents/" + spareAgent + "/reactivate", null));

        expect("POST /api/agent/events", AGENT_ONLY, () -> new Call("/api/agent/events",
                batch(List.of(punch("matrix", CALL_SEQ.incrementAndGet(), AT, "cua-chinh", 5)))));
        expect("POST /api/agent/heartbeat", AGENT_ONLY, () -> new Call("/api/agent/heartbeat",
                heartbeat(AT, sensorStatus("cua-chinh", true, 162, 12, 3, 5))));
        expect("GET /api/agent/commands", AGENT_ONLY, () -> new Call("/api/agent/commands", null));
        expect("POST /api/agent/commands/{id}/progress", AGENT_NO_CONTENT, () -> new Call(
                "/api/agent/commands/" + openCommand() + "/progress", Map.of("step", "place_finger")));
        expect("GET /api/agent/me", AGENT_ONLY, () -> new Call("/api/agent/me", null));

        expect("GET /api/sensors", ADMIN_ONLY, () -> new Call("/api/sensors", null));
        expect("GET /api/sensors/{id}", ADMIN_ONLY, () -> new Call("/api/sensors/" + newSensor().id(), null));
        expect("GET /api/sensors/{id}/enrollments", ADMIN_ONLY, () -> new Call(
                "/api/sensors/" + newSensor().id() + "/enrollments", null));
        expect("POST /api/sensors/{id}/enrollments", ADMIN_ACCEPTS, () -> new Call(
                "/api/sensors/" + newSensor().id() + "/enrollments", Map.of("staffId", enrollableStaff)));
        expect("DELETE /api/enrollments/{id}", ADMIN_ACCEPTS, () -> new Call("/api/enrollments/" + liveEnrollment(), null));
        expect("GET /api/agent-commands/{id}", ADMIN_ONLY, () -> new Call("/api/agent-commands/" + openCommand(), null));
        expect("POST /api/agent-commands/{id}/cancel", ADMIN_ONLY, () -> new Call(
                "/api/agent-commands/" + openCommand() + "/cancel", null));

        expect("GET /api/punches", READ_BY_PEOPLE, () -> new Call("/api/punches?from=2026-11-01&to=2026-11-30", null));
        expect("GET /api/punches/unresolved", ADMIN_ONLY, () -> new Call("/api/punches/unresolved", null));
        expect("GET /api/punches/time-flagged", ADMIN_ONLY, () -> new Call("/api/punches/time-flagged", null));
        expect("POST /api/punches/{id}/accept-time", ADMIN_ONLY, () -> new Call("/api/punches/" + timeFlaggedPunch()
                + "/accept-time", Map.of("note", "giờ đúng")));
        expect("POST /api/punches/{id}/resolve", ADMIN_ONLY, () -> new Call("/api/punches/" + unresolvedPunch() + "/resolve",
                Map.of("staffId", ownStaff, "note", "Chị Lan quên đăng ký vân tay ở máy mới")));
        // The working calendar: everyone signed in reads it (officers need their holidays); admins change it.
        expect("GET /api/holidays", READ_BY_PEOPLE, () -> new Call("/api/holidays?year=2026", null));
        expect("GET /api/holidays/days/{id}", READ_BY_PEOPLE, () -> new Call("/api/holidays/days/" + spareHoliday, null));
        expect("POST /api/holidays/{year}/suggest", ADMIN_ONLY, () -> new Call("/api/holidays/2040/suggest", null));
        expect("POST /api/holidays/{year}/confirm", ADMIN_ONLY, () -> new Call("/api/holidays/2041/confirm", null));
        expect("POST /api/holidays/days", ADMIN_CREATES, () -> new Call("/api/holidays/days", holidayBody()));
        expect("PUT /api/holidays/days/{id}", ADMIN_ONLY, () -> new Call("/api/holidays/days/" + spareHoliday,
                Map.of("date", "2042-06-01", "kind", "DAY_OFF", "name", "Ngày nghỉ đổi tên " + Org.unique())));
        expect("DELETE /api/holidays/days/{id}", ADMIN_NO_CONTENT, () -> new Call("/api/holidays/days/" + newHoliday(), null));
        expect("GET /api/sites/{id}/calendar", READ_BY_PEOPLE, () -> new Call("/api/sites/" + siteA + "/calendar", null));
        expect("PUT /api/sites/{id}/calendar", ADMIN_ONLY, () -> new Call("/api/sites/" + siteA + "/calendar", calendarBody()));
        expect("GET /api/sites/{id}/calendar/days", READ_BY_PEOPLE,
                () -> new Call("/api/sites/" + siteA + "/calendar/days?from=2026-02-01&to=2026-02-28", null));

        // Timesheets: every lock call files a month of its own (a second lock of a month is a 409).
        expect("GET /api/timesheets/{month}", SUPERVISORS_IN_SCOPE,
                () -> new Call("/api/timesheets/2026-10?siteId=" + siteA, null));
        expect("POST /api/timesheets/{month}/lock", SUPERVISORS_IN_SCOPE,
                () -> new Call("/api/timesheets/" + nextTimesheetMonth() + "/lock?siteId=" + siteA, null));
        expect("POST /api/timesheets/{month}/unlock", ADMIN_ONLY, () -> {
            String month = nextTimesheetMonth();
            assertThat(admin.post("/api/timesheets/" + month + "/lock?siteId=" + siteA, null).status()).isEqualTo(200);
            return new Call("/api/timesheets/" + month + "/unlock?siteId=" + siteA, Map.of("reason", "Kiểm tra quyền"));
        });
        expect("GET /api/timesheets/{month}/overtime", SUPERVISORS_IN_SCOPE,
                () -> new Call("/api/timesheets/2026-10/overtime?siteId=" + siteA, null));
        expect("GET /api/timesheets/form", SUPERVISORS_AND_ADMINS, () -> new Call("/api/timesheets/form", null));
        expect("PUT /api/timesheets/form", ADMIN_ONLY, () -> new Call("/api/timesheets/form", Map.of("form",
                Map.of("formCode", "C01a-HD", "legalBasis", "(Ban hành kèm theo Thông tư số 24/2024/TT-BTC)",
                        "overtimeFormCode", "C01b-HD"), "units", List.of())));
        expect("GET /api/timesheets/symbols", READ_BY_PEOPLE, () -> new Call("/api/timesheets/symbols", null));
        expect("PUT /api/timesheets/symbols/{code}", ADMIN_ONLY, () -> new Call("/api/timesheets/symbols/HOLIDAY",
                Map.of("symbol", "L", "labelVi", "Nghỉ lễ, Tết", "labelEn", "Public holiday", "countsAs", "PAID")));
        // The counter roster: read by the site's people, changed by its supervisors.
        expect("GET /api/roster", SITE_ROSTER_READ, () -> new Call("/api/roster?siteId=" + siteA + "&date=2027-03-01", null));
        expect("GET /api/roster/range", SITE_ROSTER_READ,
                () -> new Call("/api/roster/range?siteId=" + siteA + "&from=2027-03-01&to=2027-03-07", null));
        expect("GET /api/roster/template", SITE_ROSTER_READ, () -> new Call("/api/roster/template?siteId=" + siteA, null));
        expect("PUT /api/roster/template", SITE_ROSTER_EDIT,
                () -> new Call("/api/roster/template?siteId=" + siteA, rosterTemplateBody()));
        expect("POST /api/roster/changes", SITE_ROSTER_CREATES, () -> new Call("/api/roster/changes", rosterChangeBody()));
        expect("GET /api/roster/changes/{id}", SITE_ROSTER_READ,
                () -> new Call("/api/roster/changes/" + newRosterChange(), null));
        expect("POST /api/roster/changes/{id}/revoke", SITE_ROSTER_EDIT,
                () -> new Call("/api/roster/changes/" + newRosterChange() + "/revoke", Map.of("reason", "Đã sửa xong")));
        // Attendance: read within scope (the out-of-scope supervisor is told the officer does not exist); an officer
        // asks to correct their own day (people with no staff record cannot); supervisors in scope and admins decide.
        expect("GET /api/attendance/daily", READ_BY_PEOPLE, () -> new Call("/api/attendance/daily?siteId=" + siteA
                + "&date=2026-11-20", null));
        expect("GET /api/attendance/monthly", OWN_STAFF_RECORD, () -> new Call("/api/attendance/monthly?staffId="
                + ownStaff + "&month=2026-11", null));
        expect("POST /api/attendance/corrections", OFFICER_ASKS, () -> new Call("/api/attendance/corrections",
                Map.of("date", correctionDay(), "kind", "MISSING_PUNCH", "inTime", "07:30",
                        "reason", "Quên chấm công")));
        expect("GET /api/attendance/corrections", READ_BY_PEOPLE, () -> new Call("/api/attendance/corrections", null));
        expect("GET /api/attendance/corrections/{id}", OWN_STAFF_RECORD, () -> new Call(
                "/api/attendance/corrections/" + pendingCorrection(), null));
        expect("POST /api/attendance/corrections/{id}/approve", SUPERVISOR_IN_SCOPE_DECIDES, () -> new Call(
                "/api/attendance/corrections/" + pendingCorrection() + "/approve", Map.of("comment", "Đồng ý")));
        expect("POST /api/attendance/corrections/{id}/reject", SUPERVISOR_IN_SCOPE_DECIDES, () -> new Call(
                "/api/attendance/corrections/" + pendingCorrection() + "/reject", Map.of("comment", "Không có căn cứ")));
        expect("POST /api/attendance/corrections/{id}/cancel", AUTHOR_CANCELS, () -> new Call(
                "/api/attendance/corrections/" + pendingCorrection() + "/cancel", null));
        expect("GET /api/cameras", ADMIN_ONLY, () -> new Call("/api/cameras", null));
        expect("POST /api/cameras", ADMIN_CREATES, () -> new Call("/api/cameras", cameraOfTheAgent()));
        expect("GET /api/cameras/{id}", ADMIN_ONLY, () -> new Call("/api/cameras/" + newCamera(), null));
        expect("PUT /api/cameras/{id}", ADMIN_ONLY, () -> new Call("/api/cameras/" + newCamera(), cameraOfTheAgent()));
        expect("POST /api/cameras/{id}/zones", ADMIN_CREATES, () -> new Call("/api/cameras/" + newCamera() + "/zones",
                Map.of("counterId", aCounter(siteA).createdBy(admin), "polygon", Cameras.seat(1))));
        expect("PUT /api/cameras/{id}/zones/{zoneId}", ADMIN_ONLY, () -> new Call("/api/cameras/" + newZone(),
                Map.of("polygon", Cameras.seat(2))));
        expect("DELETE /api/cameras/{id}/zones/{zoneId}", ADMIN_NO_CONTENT, () -> new Call("/api/cameras/" + newZone(), null));
        expect("POST /api/cameras/{id}/zones/{zoneId}/calibrate", ADMIN_ACCEPTS, () -> new Call(
                "/api/cameras/" + newZone() + "/calibrate", Map.of("seconds", 60)));
        expect("POST /api/cameras/{id}/snapshot", ADMIN_ACCEPTS, () -> new Call("/api/cameras/" + newCamera() + "/snapshot", null));
        expect("GET /api/cameras/{id}/snapshot", ADMIN_ONLY, () -> new Call("/api/cameras/" + cameraWithSnapshot() + "/snapshot", null));
        expect("GET /api/agent/cameras", AGENT_ONLY, () -> new Call("/api/agent/cameras", null));
        expect("PUT /api/agent/cameras/{id}/snapshot", AGENT_NO_CONTENT, () -> new Call(pendingSnapshot(), JPEG, "image/jpeg"));
        expect("GET /api/agent/cameras/{id}/snapshots/{snapshotId}", AGENT_ONLY, () -> new Call(snapshotForCalibration(), null));
        expect("GET /api/occupancy/intervals", SITE_SUPERVISORS, () -> new Call(
                "/api/occupancy/intervals?counterId=" + spareCounter + "&from=2026-11-01&to=2026-11-30", null));
        expect("GET /api/occupancy/coverage", SITE_SUPERVISORS, () -> new Call(
                "/api/occupancy/coverage?siteId=" + siteA + "&date=2026-11-25", null));

        // Leave: officers read their own, supervisors their scope; admins configure; approvers decide; nobody decides
        // their own request (the officer's 403 on approve). Every request a call needs is a fresh one on a day of its own.
        expect("GET /api/leave/types", READ_BY_PEOPLE, () -> new Call("/api/leave/types", null));
        expect("POST /api/leave/types", ADMIN_CREATES, () -> new Call("/api/leave/types", leaveType()));
        expect("PUT /api/leave/types/{id}", ADMIN_ONLY, () -> new Call("/api/leave/types/" + spareLeaveType(), leaveType()));
        expect("GET /api/leave/balances", OWN_STAFF_RECORD, () -> new Call("/api/leave/balances?staffId=" + ownStaff + "&year=2031", null));
        expect("GET /api/leave/ledger", OWN_STAFF_RECORD, () -> new Call("/api/leave/ledger?staffId=" + ownStaff + "&year=2031", null));
        expect("POST /api/leave/adjustments", ADMIN_CREATES, () -> new Call("/api/leave/adjustments", Map.of("staffId", ownStaff,
                "leaveTypeId", leaveTypeId("ANNUAL"), "year", 2031, "days", 0.5, "reason", "Kiểm tra quyền")));
        expect("POST /api/leave/allocations", ADMIN_ONLY, () -> new Call("/api/leave/allocations", Map.of("year", 2032)));
        expect("POST /api/leave/carry-over", ADMIN_ONLY, () -> new Call("/api/leave/carry-over",
                Map.of("fromYear", 2031, "maxDays", 5, "validUntil", "2032-03-31")));
        expect("PUT /api/leave/post-category/{staffId}", ADMIN_NO_CONTENT, () -> new Call("/api/leave/post-category/" + spareStaff,
                Map.of("postCategory", "HEAVY")));
        expect("POST /api/leave/requests/preview", READ_BY_PEOPLE, () -> new Call("/api/leave/requests/preview",
                Map.of("leaveTypeId", leaveTypeId("UNPAID"), "startDate", "2031-06-02", "endDate", "2031-06-03")));
        expect("POST /api/leave/requests", OWN_OR_ADMIN_CREATES, () -> new Call("/api/leave/requests", leaveBody(false)));
        expect("GET /api/leave/requests", READ_BY_PEOPLE, () -> new Call("/api/leave/requests", null));
        expect("GET /api/leave/requests/{id}", OWN_STAFF_RECORD, () -> new Call("/api/leave/requests/" + leaveWithDocument(), null));
        expect("GET /api/leave/requests/{id}/attachment", OWN_STAFF_RECORD,
                () -> new Call("/api/leave/requests/" + leaveWithDocument() + "/attachment", null));
        expect("GET /api/leave/requests/{id}/coverage", OWN_STAFF_RECORD,
                () -> new Call("/api/leave/requests/" + leaveWithDocument() + "/coverage", null));
        expect("POST /api/leave/requests/{id}/approve", APPROVERS, () -> new Call(
                "/api/leave/requests/" + newLeaveRequest() + "/approve", Map.of("step", 1, "comment", "Đồng ý")));
        expect("POST /api/leave/requests/{id}/reject", APPROVERS, () -> new Call(
                "/api/leave/requests/" + newLeaveRequest() + "/reject", Map.of("step", 1, "comment", "Quầy thiếu người")));
        expect("POST /api/leave/requests/{id}/cancel", OWN_OR_ADMIN_CANCELS, () -> new Call(
                "/api/leave/requests/" + newLeaveRequest() + "/cancel", Map.of()));
        expect("GET /api/leave/inbox", READ_BY_PEOPLE, () -> new Call("/api/leave/inbox", null));
        expect("GET /api/leave/chains", READ_BY_PEOPLE, () -> new Call("/api/leave/chains", null));
        expect("PUT /api/leave/chains", ADMIN_ONLY, () -> new Call("/api/leave/chains", Map.of("departmentId", spareDepartment,
                "steps", List.of(Map.of("kind", "SUPERVISORS")))));
        expect("GET /api/leave/delegations", READ_BY_PEOPLE, () -> new Call("/api/leave/delegations", null));
        expect("POST /api/leave/delegations", SUPERVISORS_CREATE, () -> new Call("/api/leave/delegations",
                Map.of("toUserId", delegateAccount, "startsOn", "2031-06-01", "endsOn", "2031-06-30")));
        expect("POST /api/leave/delegations/{id}/revoke", DELEGATOR_OR_ADMIN_REVOKES, () -> new Call(
                "/api/leave/delegations/" + newDelegation() + "/revoke", null));
        expect("GET /api/leave/calendar/{month}", SUPERVISORS_IN_SCOPE,
                () -> new Call("/api/leave/calendar/2031-06?siteId=" + siteA, null));
        // Personal data: everyone signed in reads the notice; an officer acknowledges it, downloads their data and sees who
        // read it; supervisors in scope and admins export an officer's data on request; admins set the notice, record
        // the end of service and anonymise officers who left.
        expect("GET /api/privacy/notice", READ_BY_PEOPLE, () -> new Call("/api/privacy/notice", null));
        expect("PUT /api/privacy/notice", ADMIN_ONLY, () -> new Call("/api/privacy/notice", Map.of(
                "controller", "Trung tâm PVHCC tỉnh", "contact", "Văn phòng Trung tâm " + Org.unique(),
                "anonymiseAfterMonths", 60)));
        expect("GET /api/privacy/notice/acknowledgements", ADMIN_ONLY, () -> new Call("/api/privacy/notice/acknowledgements", null));
        expect("GET /api/me/privacy/notice/acknowledgement", READ_BY_PEOPLE,
                () -> new Call("/api/me/privacy/notice/acknowledgement", null));
        expect("POST /api/me/privacy/notice/acknowledge", OWN_PERSONAL_DATA,
                () -> new Call("/api/me/privacy/notice/acknowledge", null));
        expect("GET /api/me/personal-data", OWN_PERSONAL_DATA, () -> new Call("/api/me/personal-data", null));
        expect("GET /api/me/privacy/reads", OWN_PERSONAL_DATA, () -> new Call("/api/me/privacy/reads", null));
        expect("POST /api/privacy/staff/{id}/export", EXPORT_ON_REQUEST, () -> new Call("/api/privacy/staff/" + ownStaff
                + "/export", Map.of("reason", "Đơn đề nghị của cán bộ số " + Org.unique())));
        expect("GET /api/privacy/leavers", ADMIN_ONLY, () -> new Call("/api/privacy/leavers", null));
        expect("GET /api/privacy/staff/{id}/anonymisation", ADMIN_ONLY,
                () -> new Call("/api/privacy/staff/" + spareStaff + "/anonymisation", null));
        expect("PUT /api/privacy/staff/{id}/end-of-service", ADMIN_ONLY,
                () -> new Call("/api/privacy/staff/" + spareStaff + "/end-of-service", Map.of("date", "2031-12-31")));
        expect("POST /api/privacy/staff/{id}/anonymise", ADMIN_ONLY, () -> {
            Org.Body leaver = aStaff(departmentX, siteA).with("serviceStartDate", "2001-03-01");
            long id = leaver.createdBy(admin);
            assertThat(admin.post("/api/staff/" + id + "/deactivate", null).status()).isEqualTo(200);
            assertThat(admin.put("/api/privacy/staff/" + id + "/end-of-service", Map.of("date", "2010-06-30")).status())
                    .isEqualTo(200);
            return new Call("/api/privacy/staff/" + id + "/anonymise", Map.of("confirmCode", leaver.get("code")));
        });

        // Service quality: tickets from the queue system; reports for the site's supervisors; the target set by admins.
        expect("POST /api/tickets", ADMIN_OR_AGENT, () -> new Call("/api/tickets", Map.of("siteId", siteA, "tickets",
                List.of(Map.of("number", "M" + Org.unique(), "issuedAt", "2026-11-26T01:00:00Z")))));
        expect("GET /api/quality/kpis", SITE_SUPERVISORS, () -> new Call(
                "/api/quality/kpis?siteId=" + siteA + "&from=2026-11-01&to=2026-11-30&by=counter", null));
        expect("GET /api/quality/joined", SITE_SUPERVISORS, () -> new Call(
                "/api/quality/joined?siteId=" + siteA + "&from=2026-11-25&to=2026-11-25", null));
        expect("GET /api/quality/tickets", SITE_SUPERVISORS, () -> new Call(
                "/api/quality/tickets?siteId=" + siteA + "&from=2026-11-26&to=2026-11-26", null));
        expect("GET /api/quality/sites/{siteId}/target", SITE_SUPERVISORS, () -> new Call(
                "/api/quality/sites/" + siteA + "/target", null));
        expect("PUT /api/quality/sites/{siteId}/target", ADMIN_ONLY, () -> new Call(
                "/api/quality/sites/" + siteA + "/target", Map.of("waitTargetMinutes", 20 + Org.unique() % 10)));

        expect("GET /api/audit", ADMIN_ONLY, () -> new Call("/api/audit?entityType=site", null));
        // Retention: everyone signed in may read how long their data is kept; admins change it.
        expect("GET /api/retention", READ_BY_PEOPLE, () -> new Call("/api/retention", null));
        expect("PUT /api/retention/{kind}", ADMIN_ONLY, () -> new Call("/api/retention/LOGINS",
                Map.of("days", 30 + Org.unique() % 300)));
        expect("GET /api/retention/runs", ADMIN_ONLY, () -> new Call("/api/retention/runs", null));

        expect("POST /api/auth/login", ANYONE, () -> new Call("/api/auth/login",
                Map.of("username", "quantri", "password", ADMIN_PASSWORD)));
        expect("GET /api/auth/me", READ_BY_PEOPLE, () -> new Call("/api/auth/me", null));
        // Logout revokes the token it is sent with; every call below uses a token of its own.
        expect("POST /api/auth/logout", PEOPLE_NO_CONTENT, () -> new Call("/api/auth/logout", null));
    }

    static long leaveTypeId(String code) {
        for (JsonNode t : admin.get("/api/leave/types").json()) {
            if (t.get("code").asText().equals(code)) {
                return t.get("id").asLong();
            }
        }
        throw new AssertionError("no leave type " + code);
    }

    static Map<String, Object> leaveType() {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("code", "KIEM_TRA_" + Org.unique());
        t.put("nameVi", "Nghỉ kiểm tra " + Org.unique());
        t.put("nameEn", "Test leave");
        t.put("timesheetCode", "UNPAID");
        t.put("paid", false);
        t.put("balanceRule", "NONE");
        t.put("allocation", "NONE");
        t.put("halfDaysAllowed", true);
        t.put("documentRequired", false);
        return t;
    }

    static synchronized long spareLeaveType() {
        if (spareLeaveType == null) {
            Reply r = admin.post("/api/leave/types", leaveType());
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            spareLeaveType = r.id();
        }
        return spareLeaveType;
    }

    /** A weekday of summer 2031 nobody else uses (no holidays fall in June to August). */
    static String nextLeaveDay() {
        java.time.LocalDate d = java.time.LocalDate.of(2031, 6, 2);
        int n = LEAVE_DAYS.getAndIncrement();
        while (n > 0 || d.getDayOfWeek().getValue() > 5) {
            if (d.getDayOfWeek().getValue() <= 5) {
                n--;
            }
            d = d.plusDays(1);
        }
        return d.toString();
    }

    static Map<String, Object> leaveBody(boolean document) {
        String day = nextLeaveDay();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("staffId", ownStaff);
        m.put("leaveTypeId", leaveTypeId(document ? "SICK" : "UNPAID"));
        m.put("startDate", day);
        m.put("endDate", day);
        m.put("reason", "Kiểm tra quyền");
        if (document) {
            m.put("attachment", Map.of("fileName", "giay-om.pdf", "contentType", "application/pdf",
                    "base64", java.util.Base64.getEncoder().encodeToString("%PDF-1.4 kiểm tra".getBytes())));
        }
        return m;
    }

    /** A pending request of the officer, made by an admin: the default chain, step 1 for the supervisors of site A. */
    static long newLeaveRequest() {
        Reply r = admin.post("/api/leave/requests", leaveBody(false));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.id();
    }

    /** A delegation the in-scope supervisor made to the spare account, not yet revoked. */
    static long newDelegation() {
        Reply r = CALLERS.get(Who.SUPERVISOR_IN_SCOPE).post("/api/leave/delegations",
                Map.of("toUserId", delegateAccount, "startsOn", "2031-07-01", "endsOn", "2031-07-31"));
        assertThat(r.status()).as("%s", r).isEqualTo(201);
        return r.id();
    }

    static synchronized long leaveWithDocument() {
        if (leaveWithDocument == null) {
            Reply r = admin.post("/api/leave/requests", leaveBody(true));
            assertThat(r.status()).as("%s", r).isEqualTo(201);
            leaveWithDocument = r.id();
        }
        return leaveWithDocument;
    }

    private static String nextTimesheetMonth() {
        return java.time.YearMonth.of(2020, 1).plusMonths(TIMESHEET_MONTHS.getAndIncrement()).toString();
    }

    /** /api endpoints that the OpenAPI description deliberately leaves out. */
    static final Map<String, Expectation> UNDOCUMENTED = Map.of(
            "GET /api/openapi.json", new Expectation(ANYONE, () -> new Call("/api/openapi.json", null)));

    private static void expect(String endpoint, List<Integer> statuses, Supplier<Call> call) {
        assertThat(statuses).hasSize(Who.values().length);
        if (TABLE.put(endpoint, new Expectation(statuses, call)) != null) {
            throw new IllegalStateException("Two expectations for " + endpoint);
        }
    }

    private static Object newBody(String kind) {
        return switch (kind) {
            case "sites" -> aSite().fields();
            case "departments" -> aDepartment().fields();
            case "counters" -> aCounter(siteA).fields();
            case "staff" -> aStaff(departmentX, siteA).fields();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static long spare(String kind) {
        return switch (kind) {
            case "sites" -> spareSite;
            case "departments" -> spareDepartment;
            case "counters" -> spareCounter;
            case "staff" -> spareStaff;
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** "METHOD /path/{template}" for every operation under /api in GET /api/openapi.json. */
    static Set<String> documentedEndpoints() {
        Reply r = Api.at(APP).get("/api/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        Set<String> endpoints = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : r.json().get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey();
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options").contains(method)
                        && path.getKey().startsWith("/api/")) {
                    endpoints.add(method.toUpperCase() + " " + path.getKey());
                }
            }
        }
        return endpoints;
    }

    @Test
    void everyDocumentedEndpointHasAnExpectation() {
        Set<String> documented = documentedEndpoints();
        assertThat(documented).as("endpoints with no row in the table: add one saying who may call them")
                .isSubsetOf(TABLE.keySet());
        assertThat(TABLE.keySet()).as("rows for endpoints the API no longer has").isSubsetOf(documented);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointAnswersEachCallerAsTheTableSays() {
        Map<String, Expectation> all = new LinkedHashMap<>();
        for (String endpoint : documentedEndpoints()) {
            all.put(endpoint, TABLE.get(endpoint));
        }
        all.putAll(UNDOCUMENTED);
        List<DynamicTest> tests = new ArrayList<>();
        all.forEach((endpoint, expectation) -> {
            for (Who who : Who.values()) {
                int expected = expectation == null ? -1 : expectation.statuses().get(who.ordinal());
                tests.add(dynamicTest(endpoint + " as " + who + " -> " + expected, () -> {
                    assertThat(expectation).as("no expectation for " + endpoint).isNotNull();
                    Call call = expectation.call().get();
                    Api caller = callerFor(endpoint, who);
                    Map<String, String> before = DB.snapshot();
                    String method = endpoint.substring(0, endpoint.indexOf(' '));
                    Reply r = call.body() instanceof byte[] bytes
                            ? caller.sendBytes(method, call.path(), call.contentType(), bytes)
                            : caller.send(method, call.path(), call.contentType(),
                                    call.body() == null ? null : Api.JSON.writeValueAsString(call.body()));
                    assertThat(r.status()).as("%s as %s", r, who).isEqualTo(expected);
                    if (expected >= 400) {
                        assertThat(r.json().get("code").asInt()).isEqualTo(expected);
                        assertThat(DB.snapshot()).as("a refused call changes nothing: %s as %s", r, who).isEqualTo(before);
                    }
                }));
            }
        });
        return tests.stream();
    }

    private static Api callerFor(String endpoint, Who who) {
        if (endpoint.equals("POST /api/auth/logout") && USERNAMES.containsKey(who)) {
            String password = who == Who.ADMIN ? ADMIN_PASSWORD : Org.PASSWORD;
            return Api.at(APP).loggedInAs(USERNAMES.get(who), password);
        }
        return CALLERS.get(who);
    }

    // ---- scope: which staff each caller sees ----

    @Test
    void officerSeesOnlyThemselvesInTheStaffList() {
        JsonNode page = CALLERS.get(Who.OFFICER).get("/api/staff?size=200").json();
        assertThat(ids(page)).containsExactly(ownStaff);
        assertThat(page.get("total").asLong()).isEqualTo(1);
        assertThat(ids(CALLERS.get(Who.OFFICER).get("/api/staff?q=hoang%20van%20nam").json())).isEmpty();
    }

    @Test
    void officerIsToldOtherStaffRecordsDoNotExist() {
        Reply colleague = CALLERS.get(Who.OFFICER).get("/api/staff/" + colleagueAtSiteA);
        assertThat(colleague.status()).isEqualTo(404);
        assertThat(colleague.body()).doesNotContain("Hoàng Văn Nam");
        assertThat(CALLERS.get(Who.OFFICER).get("/api/staff/" + ownStaff).json().get("fullName").asText())
                .isEqualTo("Nguyễn Thị Lan");
    }

    @Test
    void supervisorSeesOnlyStaffOfTheirSites() {
        assertThat(ids(CALLERS.get(Who.SUPERVISOR_IN_SCOPE).get("/api/staff?size=200").json()))
                .containsExactlyInAnyOrderElementsOf(staffIdsWhere("home_site_id = " + siteA))
                .contains(ownStaff, colleagueAtSiteA).doesNotContain(staffAtSiteB);
        assertThat(ids(CALLERS.get(Who.SUPERVISOR_OUT_OF_SCOPE).get("/api/staff?size=200").json()))
                .containsExactlyInAnyOrderElementsOf(staffIdsWhere("home_site_id = " + siteB))
                .contains(staffAtSiteB).doesNotContain(ownStaff, colleagueAtSiteA);
        assertThat(CALLERS.get(Who.SUPERVISOR_OUT_OF_SCOPE).get("/api/staff/" + colleagueAtSiteA).status()).isEqualTo(404);
        assertThat(CALLERS.get(Who.SUPERVISOR_IN_SCOPE).get("/api/staff/" + staffAtSiteB).status()).isEqualTo(404);
    }

    @Test
    void supervisorOfADepartmentSeesItsStaffAtEverySite() {
        Org.Body account = aSupervisorAccount(List.of(), List.of(departmentY));
        account.create(admin);
        Api supervisor = Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);

        assertThat(ids(supervisor.get("/api/staff?size=200").json()))
                .containsExactlyInAnyOrderElementsOf(staffIdsWhere("department_id = " + departmentY))
                .contains(colleagueAtSiteA, staffAtSiteB).doesNotContain(ownStaff);
        assertThat(supervisor.get("/api/staff/" + staffAtSiteB).status()).isEqualTo(200);
        assertThat(supervisor.get("/api/staff/" + ownStaff).status()).isEqualTo(404);
    }

    @Test
    void supervisorLinkedToAStaffRecordAlsoSeesThemselves() {
        long self = aStaff(departmentX, siteB).with("fullName", "Đỗ Minh Khôi").createdBy(admin);
        Org.Body account = aSupervisorAccount(List.of(siteA), List.of()).with("staffId", self);
        account.create(admin);
        Api supervisor = Api.at(APP).loggedInAs(account.get("username").toString(), Org.PASSWORD);

        assertThat(ids(supervisor.get("/api/staff?size=200").json())).contains(self, ownStaff).doesNotContain(staffAtSiteB);
        assertThat(supervisor.get("/api/staff/" + self).status()).isEqualTo(200);
    }

    @Test
    void officerCannotCreateACounter() {
        Map<String, String> before = DB.snapshot();
        Reply r = CALLERS.get(Who.OFFICER).post("/api/counters", aCounter(siteA).fields());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("code").asInt()).isEqualTo(403);
        assertThat(DB.snapshot()).isEqualTo(before);
    }

    private static List<Long> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(i -> i.get("id").asLong()).toList();
    }

    private static List<Long> staffIdsWhere(String condition) {
        return DB.rows("select id from staff where " + condition).stream().map(r -> (Long) r.get("id")).toList();
    }
}
