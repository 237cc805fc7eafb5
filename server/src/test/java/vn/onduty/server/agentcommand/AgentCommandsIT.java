package vn.onduty.server.agentcommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static vn.onduty.server.testing.Events.STREAM;
import static vn.onduty.server.testing.Events.enrolled;
import static vn.onduty.server.testing.Org.aCounter;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.TestDatabase.row;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.auth.Role;
import vn.onduty.server.auth.ScopeDao;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.Browser;
import vn.onduty.server.testing.Cameras;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Fingerprints.Sensor;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Jpegs;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Every transition of an agent command, the refused ones included, and expiry with a clock the test moves.
 * Commands are queued the way admins queue them (through the running server); the transitions under test run
 * through an {@link AgentCommands} of the test's own on the same database, whose clock it moves; what the agent
 * and the admin then see is asked of the running server (whose own commands expire only after a day).
 */
class AgentCommandsIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(AgentCommandsIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final String PASSWORD = "admin-password-1";
    static final Duration EXPIRE_AFTER = Duration.ofMinutes(10);
    /** Past the deadline of whatever a test queued within a minute of the clock's start. */
    static final Duration OVERDUE = EXPIRE_AFTER.plusMinutes(1);

    static Api admin;
    static long adminId;
    static Caller adminCaller;
    static long department;
    static String session;

    long site;
    long staff;
    DeviceAgent agent;
    Caller agentCaller;
    Sensor sensor;
    MovableClock clock;
    AgentCommands commands;

    @BeforeAll
    static void arrange() {
        adminId = Admins.create(DB, "quantri", PASSWORD);
        admin = Api.at(APP).loggedInAs("quantri", PASSWORD);
        adminCaller = new Caller(adminId, "quantri", Set.of(Role.ADMIN), null, Set.of(), Set.of(), null, null, null,
                "vi", false, "127.0.0.1");
        department = aDepartment().createdBy(admin);
        session = Browser.session(APP, "quantri", PASSWORD);
    }

    /** Each test its own site, agent and sensor, and a clock at the moment its commands are queued. */
    @BeforeEach
    void newSite() {
        site = aSite().createdBy(admin);
        staff = aStaff(department, site).with("fullName", "Trần Văn Bình").createdBy(admin);
        agent = DeviceAgent.register(APP, admin, site);
        agentCaller = Caller.agent(agent.id(), "agent", site, null);
        sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
        // Microseconds, as the database keeps them; the server queues commands a little after this moment.
        clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.MICROS));
        AuditLog audit = new AuditLog(DB.jdbi(),
                Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), clock);
        commands = new AgentCommands(DB.jdbi(), audit, new AccessPolicy(DB.jdbi().onDemand(ScopeDao.class)), clock, EXPIRE_AFTER);
    }

    @Test
    void aQueuedCommandIsHandedOverToItsOwnAgentAndTheFirstHandingOverIsKept() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        DeviceAgent other = DeviceAgent.register(APP, admin, site);
        assertThat(status(command)).isEqualTo(row("status", "PENDING", "handed_over_at", null));

        List<ListedCommand> listed = commands.handOver(agentCaller);
        Instant first = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        List<ListedCommand> again = commands.handOver(agentCaller);

        assertThat(listed).containsExactly(new ListedCommand(command, "enroll", "cua-chinh", staff, null, null,
                null, null, null));
        assertThat(again).isEqualTo(listed);
        assertThat(commands.handOver(Caller.agent(other.id(), "other", site, null))).isEmpty();
        assertThat(commands.find(command).orElseThrow().handedOverAt()).isEqualTo(first);
        assertThat(status(command)).as("handing over is no progress").containsEntry("status", "PENDING");
    }

    @Test
    void progressOfItsOwnAgentMovesItInProgressAndAnotherAgentsIsNotFound() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        DeviceAgent other = DeviceAgent.register(APP, admin, site);

        assertThatThrownBy(() -> commands.progress(Caller.agent(other.id(), "other", site, null), command, "started", null))
                .isInstanceOf(NotFoundException.class);
        assertThat(status(command)).containsEntry("status", "PENDING");

        commands.progress(agentCaller, command, "place_finger", "Đặt ngón tay lên cảm biến");

        AgentCommand c = commands.find(command).orElseThrow();
        assertThat(c.status()).isEqualTo("IN_PROGRESS");
        assertThat(c.step()).isEqualTo("place_finger");
        assertThat(c.message()).isEqualTo("Đặt ngón tay lên cảm biến");
        assertThat(c.handedOverAt()).as("an agent that reports a step has the command").isEqualTo(clock.instant());
    }

    @Test
    void theFailedStepEndsItFailedWithTheAgentsMessage() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);

        commands.progress(agentCaller, command, "failed", "Cảm biến không trả lời");

        AgentCommand c = commands.find(command).orElseThrow();
        assertThat(c.status()).isEqualTo("FAILED");
        assertThat(c.error()).isEqualTo("Cảm biến không trả lời");
        assertThat(c.finishedAt()).isEqualTo(clock.instant());
        assertThatThrownBy(() -> commands.progress(agentCaller, command, "started", null))
                .as("no progress after the end").isInstanceOf(NotFoundException.class);
    }

    @Test
    void aSecondCommandForABusySensorIsAConflictAndNothingIsQueued() {
        Fingerprints.requestEnrollment(admin, sensor, staff);

        assertThatThrownBy(() -> DB.jdbi().useTransaction(h -> commands.queue(h,
                NewCommand.enroll(agent.id(), sensor.id(), staff, adminId))))
                .isInstanceOf(ConflictException.class).hasMessageContaining("The sensor is busy");
        assertThat(DB.count("agent_command", "sensor_id = " + sensor.id())).isEqualTo(1);
    }

    @Test
    void theFirstResultStandsAndADoneCommandCannotBeCancelled() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);

        DB.jdbi().useTransaction(h -> commands.finish(h, command, CommandOutcome.done(5, null, null)));
        DB.jdbi().useTransaction(h -> commands.finish(h, command, CommandOutcome.failed(null, "late and wrong")));

        assertThat(status(command)).containsEntry("status", "DONE");
        assertThat(DB.rows("select result_slot, error, step from agent_command where id = ?", command))
                .containsExactly(row("result_slot", 5, "error", null, "step", "done"));
        assertThatThrownBy(() -> commands.cancel(command, adminCaller))
                .isInstanceOf(ConflictException.class).hasMessageContaining("has already finished (DONE)");
        assertThat(DB.count("audit_event", "action = 'agent_command.cancel' and entity_id = '" + command + "'")).isZero();
    }

    @Test
    void onlyAnAdminCancels() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        Caller officer = new Caller(adminId, "officer", Set.of(Role.OFFICER), staff, Set.of(), Set.of(), null, null,
                null, "vi", false, null);

        assertThatThrownBy(() -> commands.cancel(command, officer)).isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> commands.cancel(command, agentCaller)).isInstanceOf(ForbiddenException.class);
        assertThat(status(command)).containsEntry("status", "PENDING");
    }

    @Test
    void aCancelledCommandIsNotHandedOverNorProgressedButItsResultIsStillTaken() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);

        AgentCommand cancelled = commands.cancel(command, adminCaller);

        assertThat(cancelled.status()).isEqualTo("CANCELLED");
        assertThat(cancelled.finishedAt()).isEqualTo(clock.instant());
        assertThat(commands.handOver(agentCaller)).isEmpty();
        assertThatThrownBy(() -> commands.progress(agentCaller, command, "started", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> commands.cancel(command, adminCaller)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("(CANCELLED)");
        assertThat(AgentCommands.takesResult(commands.find(command).orElseThrow())).isTrue();
        DB.jdbi().useTransaction(h -> commands.finish(h, command, CommandOutcome.done(7, null, null)));
        assertThat(status(command)).containsEntry("status", "DONE");
    }

    @Test
    void queuedAndHandedOverCommandsExpireAfterTheirTimeAndFinishedOnesDoNot() {
        long handedOver = Fingerprints.requestEnrollment(admin, Fingerprints.sensor(admin, agent, "cua-phu"), staff);
        long done = Fingerprints.requestEnrollment(admin, Fingerprints.sensor(admin, agent, "cua-sau"), staff);
        long cancelled = Fingerprints.requestEnrollment(admin, Fingerprints.sensor(admin, agent, "cua-ben"), staff);
        commands.handOver(agentCaller);
        commands.progress(agentCaller, handedOver, "place_finger", null);
        DB.jdbi().useTransaction(h -> commands.finish(h, done, CommandOutcome.done(3, null, null)));
        commands.cancel(cancelled, adminCaller);
        long queued = Fingerprints.requestEnrollment(admin, sensor, staff);

        clock.advance(EXPIRE_AFTER.minusMinutes(1));
        commands.expireOverdue();
        Map<String, Object> early = status(queued);
        clock.advance(Duration.ofMinutes(2));
        commands.expireOverdue();
        commands.expireOverdue();

        assertThat(early).containsEntry("status", "PENDING");
        assertThat(status(queued)).containsEntry("status", "EXPIRED").containsEntry("handed_over_at", null);
        assertThat(commands.find(handedOver).orElseThrow().status()).isEqualTo("EXPIRED");
        assertThat(commands.find(handedOver).orElseThrow().finishedAt()).isEqualTo(clock.instant());
        assertThat(status(done)).containsEntry("status", "DONE");
        assertThat(status(cancelled)).containsEntry("status", "CANCELLED");
        assertThat(DB.count("audit_event", "action = 'agent_command.expire' and actor = 'system:agent-command-expiry'"
                + " and entity_id in ('" + queued + "', '" + handedOver + "')")).as("each expired once").isEqualTo(2);
    }

    @Test
    void anOverdueCommandIsNeverHandedOverProgressedOrCancelledEvenBeforeTheSweep() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        clock.advance(OVERDUE);

        assertThat(commands.handOver(agentCaller)).isEmpty();
        assertThatThrownBy(() -> commands.progress(agentCaller, command, "started", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> commands.cancel(command, adminCaller)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("has already finished (EXPIRED)");
        assertThat(status(command)).as("a refused call stores nothing").containsEntry("status", "PENDING");

        assertThat(commands.find(command).orElseThrow().status()).as("reading it expires it").isEqualTo("EXPIRED");
        assertThat(status(command)).containsEntry("status", "EXPIRED");
    }

    @Test
    void anOverdueCommandNoLongerBlocksItsSensor() {
        long old = Fingerprints.requestEnrollment(admin, sensor, staff);
        clock.advance(OVERDUE);

        AgentCommand fresh = DB.jdbi().inTransaction(h -> commands.queue(h,
                NewCommand.enroll(agent.id(), sensor.id(), staff, adminId)));

        assertThat(status(old)).containsEntry("status", "EXPIRED");
        assertThat(fresh.status()).isEqualTo("PENDING");
        assertThat(fresh.createdAt()).isEqualTo(clock.instant());
        assertThat(commands.handOver(agentCaller)).extracting(ListedCommand::id).containsExactly(fresh.id());
    }

    @Test
    void aCalibrationGetsItsSamplingTimeOnTop() {
        CameraSetup camera = camera();
        long command = admin.post("/api/cameras/" + camera.id() + "/zones/" + camera.zone() + "/calibrate",
                Map.of("seconds", 600)).id();

        clock.advance(OVERDUE);
        commands.expireOverdue();
        Map<String, Object> atTenMinutes = status(command);
        clock.advance(Duration.ofSeconds(600));
        commands.expireOverdue();

        assertThat(atTenMinutes).containsEntry("status", "PENDING");
        assertThat(status(command)).containsEntry("status", "EXPIRED");
    }

    @Test
    void anExpiredCommandIsNotGivenToTheAgentAndItsLateResultIsTakenNotRefused() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        clock.advance(OVERDUE);
        commands.expireOverdue();

        Reply listed = agent.api().get("/api/agent/commands");
        Reply progress = agent.api().post("/api/agent/commands/" + command + "/progress", Map.of("step", "storing"));
        Instant at = Instant.now();
        Reply late = agent.send(enrolled(STREAM, 1, at, "cua-chinh", command, 4));
        Reply resent = agent.send(enrolled(STREAM, 1, at, "cua-chinh", command, 4));

        assertThat(listed.json().get("commands")).isEmpty();
        assertThat(progress.status()).as("%s", progress).isEqualTo(404);
        assertThat(late.status()).as("the agent must not park it: %s", late).isEqualTo(200);
        assertThat(late.json().get("acknowledged").get(STREAM).asLong()).isEqualTo(1);
        assertThat(resent.body()).isEqualTo(late.body());
        assertThat(Fingerprints.command(admin, command).get("status").asText())
                .as("the sensor stored the finger: the enrollment is recorded").isEqualTo("DONE");
        assertThat(DB.rows("select slot, staff_id from enrollment where command_id = ? and removed_at is null", command))
                .containsExactly(row("slot", 4, "staff_id", staff));
    }

    @Test
    void aLateSnapshotOfAnExpiredCommandIsRefusedWithoutKeepingTheFrame() {
        CameraSetup camera = camera();
        long command = admin.post("/api/cameras/" + camera.id() + "/snapshot", null).id();
        clock.advance(OVERDUE);
        commands.expireOverdue();

        Reply upload = camera.agent().api().sendBytes("PUT", "/api/agent/cameras/" + camera.id() + "/snapshot?commandId="
                + command, "image/jpeg", Jpegs.counters(320, 180));

        assertThat(upload.status()).as("%s", upload).isEqualTo(409);
        assertThat(upload.json().get("message").asText()).contains("EXPIRED");
        assertThat(DB.count("camera_snapshot", "command_id = " + command)).isZero();
    }

    @Test
    void theSensorAndCameraPagesAndTheApiSayExpiredInVietnameseAndEnglish() {
        long enroll = Fingerprints.requestEnrollment(admin, sensor, staff);
        CameraSetup camera = camera();
        long snapshot = admin.post("/api/cameras/" + camera.id() + "/snapshot", null).id();
        commands.handOver(Caller.agent(camera.agent().id(), "camera agent", camera.site(), null));
        clock.advance(OVERDUE);
        commands.expireOverdue();

        Api vi = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session);
        Api en = Browser.at(APP).withHeader("Cookie", "ONDUTY_SESSION=" + session + "; ONDUTY_LANG=en");
        String sensorPage = page(vi, "/admin/sensors/" + sensor.id());
        String sensorPageEn = page(en, "/admin/sensors/" + sensor.id());
        String cameraPage = page(vi, "/admin/cameras/" + camera.id());
        String liveBoxEn = page(en, "/admin/commands/" + snapshot + "/status");

        assertThat(Fingerprints.command(admin, enroll).get("status").asText()).isEqualTo("EXPIRED");
        assertThat(Fingerprints.command(admin, snapshot).get("handedOverAt").isNull()).isFalse();
        assertThat(sensorPage).contains("id=\"command-" + enroll + "\"", "Hết hạn",
                "không máy trạm nào nhận lệnh kịp thời", "id=\"start-enroll\"");
        assertThat(sensorPageEn).contains("Expired", "no agent picked it up in time");
        assertThat(cameraPage).contains("id=\"command-" + snapshot + "\"", "Hết hạn",
                "máy trạm đã nhận lệnh nhưng không hoàn thành kịp thời");
        assertThat(liveBoxEn).contains("Expired", "the agent received it but did not finish in time");
        assertThat(liveBoxEn).as("a finished box is not asked for again").doesNotContain("hx-get");

        Fingerprints.requestEnrollment(admin, sensor, staff);
        assertThat(page(vi, "/admin/sensors/" + sensor.id())).as("the next request replaces it")
                .doesNotContain("id=\"command-" + enroll + "\"", "Hết hạn");
    }

    private static String page(Api browser, String path) {
        Reply r = browser.get(path);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return r.body();
    }

    private static Map<String, Object> status(long command) {
        return DB.rows("select status, handed_over_at from agent_command where id = ?", command).get(0);
    }

    record CameraSetup(long site, DeviceAgent agent, long id, long zone) {}

    /** A camera with one zone at a site of its own, whose only agent is the one asked. */
    private CameraSetup camera() {
        long cameraSite = aSite().createdBy(admin);
        DeviceAgent cameraAgent = DeviceAgent.register(APP, admin, cameraSite);
        long id = Cameras.create(admin, Cameras.aCamera(cameraSite));
        long zone = Cameras.zone(admin, id, aCounter(cameraSite).createdBy(admin), Cameras.seat(0));
        return new CameraSetup(cameraSite, cameraAgent, id, zone);
    }

    /** A clock the test moves by hand. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
