package vn.onduty.server.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.testing.Events.STREAM;
import static vn.onduty.server.testing.Events.enrolled;
import static vn.onduty.server.testing.Events.enrollmentFailed;
import static vn.onduty.server.testing.Events.slotDeleted;
import static vn.onduty.server.testing.Org.aDepartment;
import static vn.onduty.server.testing.Org.aSite;
import static vn.onduty.server.testing.Org.aStaff;
import static vn.onduty.server.testing.TestDatabase.row;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import vn.onduty.server.OnDutyConfiguration;
import vn.onduty.server.testing.Admins;
import vn.onduty.server.testing.Api;
import vn.onduty.server.testing.DeviceAgent;
import vn.onduty.server.testing.Events;
import vn.onduty.server.testing.Fingerprints;
import vn.onduty.server.testing.Fingerprints.Sensor;
import vn.onduty.server.testing.Reply;
import vn.onduty.server.testing.TestApp;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Enrolling an officer on a sensor and deleting the enrollment, through both sides of the API: the
 * admin's request queues a command, the agent polls it, reports steps, and its result event completes it.
 * Every test has its own agent and sensor.
 */
class EnrollmentIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(EnrollmentIT.class);

    @RegisterExtension
    static final DropwizardAppExtension<OnDutyConfiguration> APP = TestApp.on(DB);

    static final Instant AT = Instant.parse("2026-11-26T01:15:00Z");

    static Api admin;
    static long adminId;
    static long site;
    static long department;
    static long staff;
    DeviceAgent agent;
    Sensor sensor;

    @BeforeAll
    static void arrange() {
        adminId = Admins.create(DB, "quantri", "admin-password-1");
        admin = Api.at(APP).loggedInAs("quantri", "admin-password-1");
        site = aSite().createdBy(admin);
        department = aDepartment().createdBy(admin);
        staff = aStaff(department, site).with("fullName", "Võ Thị Mai").createdBy(admin);
    }

    @BeforeEach
    void newAgentWithASensor() {
        agent = DeviceAgent.register(APP, admin, site);
        sensor = Fingerprints.sensor(admin, agent, "cua-chinh");
    }

    @Test
    void enrollRequestQueuesAPendingCommandForThatSensorsAgentOnly() throws Exception {
        DeviceAgent other = DeviceAgent.register(APP, admin, site);

        Reply r = admin.post("/api/sensors/" + sensor.id() + "/enrollments", Map.of("staffId", staff));

        assertThat(r.status()).as("%s", r).isEqualTo(202);
        long command = r.id();
        assertThat(r.json().get("type").asText()).isEqualTo("enroll");
        assertThat(r.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(r.json().get("staffId").asLong()).isEqualTo(staff);
        assertThat(r.json().get("sensorId").asLong()).isEqualTo(sensor.id());
        assertThat(r.json().get("agentId").asLong()).isEqualTo(agent.id());
        assertThat(agent.api().get("/api/agent/commands").json()).isEqualTo(Api.JSON.readTree(
                "{\"commands\": [{\"id\": " + command + ", \"type\": \"enroll\", \"sensor\": \"cua-chinh\", \"staffId\": "
                        + staff + ", \"slot\": null}]}"));
        assertThat(other.api().get("/api/agent/commands").json()).isEqualTo(Api.JSON.readTree("{\"commands\": []}"));
        assertThat(DB.rows("select created_by from agent_command where id = ?", command))
                .containsExactly(Map.of("created_by", adminId));
        assertThat(DB.count("audit_event", "action = 'enrollment.request' and entity_id = '" + command
                + "' and actor_user_id = " + adminId)).isEqualTo(1);
    }

    @Test
    void progressMovesTheCommandInProgressWithItsStep() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);

        Reply first = progress(agent, command, "place_finger", "Đặt ngón tay lên cảm biến");
        JsonNode afterFirst = Fingerprints.command(admin, command);
        Reply retry = progress(agent, command, "retry", "Ảnh mờ, đặt lại ngón tay");

        assertThat(first.status()).as("%s", first).isEqualTo(204);
        assertThat(afterFirst.get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(afterFirst.get("step").asText()).isEqualTo("place_finger");
        assertThat(afterFirst.get("message").asText()).isEqualTo("Đặt ngón tay lên cảm biến");
        assertThat(retry.status()).as("%s", retry).isEqualTo(204);
        JsonNode now = Fingerprints.command(admin, command);
        assertThat(now.get("step").asText()).isEqualTo("retry");
        assertThat(now.get("message").asText()).isEqualTo("Ảnh mờ, đặt lại ngón tay");
        assertThat(commandIds(agent)).as("still the agent's work").containsExactly(command);
    }

    @Test
    void progressOnAnotherAgentsCommandIsNotFoundAndChangesNothing() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        DeviceAgent other = DeviceAgent.register(APP, admin, site);

        Reply r = progress(other, command, "place_finger", null);

        assertThat(r.status()).as("%s", r).isEqualTo(404);
        assertThat(Fingerprints.command(admin, command).get("status").asText()).isEqualTo("PENDING");
        assertThat(Fingerprints.command(admin, command).get("step").isNull()).isTrue();
    }

    @Test
    void progressWithAnUnknownStepIsRefused() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);

        Reply r = progress(agent, command, "dance", null);

        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().get("details").toString()).contains("step");
        assertThat(Fingerprints.command(admin, command).get("status").asText()).isEqualTo("PENDING");
    }

    @Test
    void okResultFinishesTheCommandAndRecordsTheEnrollment() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        progress(agent, command, "storing", null);

        Reply r = agent.send(enrolled(STREAM, 1, AT, "cua-chinh", command, 5));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode done = Fingerprints.command(admin, command);
        assertThat(done.get("status").asText()).isEqualTo("DONE");
        assertThat(done.get("resultSlot").asInt()).isEqualTo(5);
        assertThat(done.get("finishedAt").isNull()).isFalse();
        long enrollment = done.get("enrollmentId").asLong();
        assertThat(DB.rows("select sensor_id, slot, staff_id, enrolled_at = ? as at_the_result, removed_at, command_id "
                        + "from enrollment where id = ?", java.sql.Timestamp.from(AT), enrollment))
                .containsExactly(row("sensor_id", sensor.id(), "slot", 5, "staff_id", staff, "at_the_result", true,
                        "removed_at", null, "command_id", command));
        JsonNode listed = admin.get("/api/sensors/" + sensor.id() + "/enrollments").json();
        assertThat(listed).singleElement().satisfies(e -> {
            assertThat(e.get("id").asLong()).isEqualTo(enrollment);
            assertThat(e.get("slot").asInt()).isEqualTo(5);
            assertThat(e.get("staffName").asText()).isEqualTo("Võ Thị Mai");
        });
        assertThat(admin.get("/api/sensors/" + sensor.id()).json().get("enrolled").asLong()).isEqualTo(1);
        assertThat(DB.count("audit_event", "action = 'enrollment.create' and entity_type = 'enrollment' and entity_id = '"
                + enrollment + "' and after->>'staffId' = '" + staff + "'")).isEqualTo(1);
        assertThat(commandIds(agent)).as("no longer the agent's work").isEmpty();
    }

    @Test
    void failedResultMarksTheCommandFailedWithTheAgentsError() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);

        Reply r = agent.send(enrollmentFailed(STREAM, 1, AT, "cua-chinh", command, "Hai lần quét không khớp"));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode failed = Fingerprints.command(admin, command);
        assertThat(failed.get("status").asText()).isEqualTo("FAILED");
        assertThat(failed.get("error").asText()).isEqualTo("Hai lần quét không khớp");
        assertThat(failed.get("enrollmentId").isNull()).isTrue();
        assertThat(DB.count("enrollment", "sensor_id = " + sensor.id())).isZero();
        assertThat(DB.count("audit_event", "action = 'enrollment.failed' and entity_id = '" + command + "'")).isEqualTo(1);
        assertThat(commandIds(agent)).isEmpty();
        // The sensor is free again.
        assertThat(admin.post("/api/sensors/" + sensor.id() + "/enrollments", Map.of("staffId", staff)).status()).isEqualTo(202);
    }

    @Test
    void secondEnrollWhileOneIsOpenIsAConflict() {
        long first = Fingerprints.requestEnrollment(admin, sensor, staff);
        long colleague = aStaff(department, site).createdBy(admin);

        Reply r = admin.post("/api/sensors/" + sensor.id() + "/enrollments", Map.of("staffId", colleague));

        assertThat(r.status()).as("%s", r).isEqualTo(409);
        assertThat(r.json().get("code").asInt()).isEqualTo(409);
        assertThat(DB.rows("select id from agent_command where sensor_id = ?", sensor.id())).containsExactly(Map.of("id", first));
    }

    @Test
    void enrollingADeactivatedStaffMemberIsRefused() {
        long gone = aStaff(department, site).createdBy(admin);
        assertThat(admin.post("/api/staff/" + gone + "/deactivate", null).status()).isEqualTo(200);

        Reply r = admin.post("/api/sensors/" + sensor.id() + "/enrollments", Map.of("staffId", gone));

        assertThat(r.status()).as("%s", r).isEqualTo(422);
        assertThat(r.json().get("details").get(0).asText()).startsWith("staffId");
        assertThat(DB.count("agent_command", "sensor_id = " + sensor.id())).isZero();
    }

    @Test
    void enrollingOnAnUnknownSensorIsNotFound() {
        Reply r = admin.post("/api/sensors/987654/enrollments", Map.of("staffId", staff));

        assertThat(r.status()).as("%s", r).isEqualTo(404);
    }

    @Test
    void deletingAnEnrollmentQueuesADeleteSlotCommandAndSlotDeletedEndsIt() {
        long enrollment = Fingerprints.enroll(admin, agent, sensor, staff, 5, AT);

        Reply r = admin.send("DELETE", "/api/enrollments/" + enrollment, null, null);

        assertThat(r.status()).as("%s", r).isEqualTo(202);
        long command = r.id();
        assertThat(r.json().get("type").asText()).isEqualTo("delete_slot");
        assertThat(r.json().get("slot").asInt()).isEqualTo(5);
        assertThat(r.json().get("enrollmentId").asLong()).isEqualTo(enrollment);
        assertThat(r.json().get("status").asText()).isEqualTo("PENDING");
        JsonNode listed = agent.api().get("/api/agent/commands").json().get("commands");
        assertThat(listed).singleElement().satisfies(c -> {
            assertThat(c.get("id").asLong()).isEqualTo(command);
            assertThat(c.get("type").asText()).isEqualTo("delete_slot");
            assertThat(c.get("sensor").asText()).isEqualTo("cua-chinh");
            assertThat(c.get("slot").asInt()).isEqualTo(5);
        });
        assertThat(removedAt(enrollment)).as("live until the sensor confirms").isNull();
        assertThat(DB.count("audit_event", "action = 'enrollment.delete_request' and entity_id = '" + enrollment + "'"))
                .isEqualTo(1);

        Instant deletedAt = AT.plusSeconds(86_400);
        Reply confirmed = agent.send(slotDeleted(STREAM, 1, deletedAt, "cua-chinh", command, 5));

        assertThat(confirmed.status()).as("%s", confirmed).isEqualTo(200);
        assertThat(removedAt(enrollment)).isEqualTo(deletedAt);
        assertThat(Fingerprints.command(admin, command).get("status").asText()).isEqualTo("DONE");
        assertThat(admin.get("/api/sensors/" + sensor.id() + "/enrollments").json()).isEmpty();
        assertThat(DB.count("audit_event", "action = 'enrollment.delete' and entity_id = '" + enrollment + "'")).isEqualTo(1);
        assertThat(commandIds(agent)).isEmpty();
        assertThat(admin.send("DELETE", "/api/enrollments/" + enrollment, null, null).status())
                .as("an ended enrollment cannot be deleted again").isEqualTo(404);
    }

    @Test
    void failedSlotDeletionLeavesTheEnrollmentLive() {
        long enrollment = Fingerprints.enroll(admin, agent, sensor, staff, 5, AT);
        long command = admin.send("DELETE", "/api/enrollments/" + enrollment, null, null).id();
        Map<String, Object> failed = slotDeleted(STREAM, 1, AT.plusSeconds(60), "cua-chinh", command, 5);
        failed.put("ok", false);
        failed.put("error", "Delete failed (code 0x10)");

        Reply r = agent.send(failed);

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        JsonNode c = Fingerprints.command(admin, command);
        assertThat(c.get("status").asText()).isEqualTo("FAILED");
        assertThat(c.get("error").asText()).isEqualTo("Delete failed (code 0x10)");
        assertThat(removedAt(enrollment)).isNull();
    }

    @Test
    void cancelledCommandLeavesTheAgentsListAndCannotBeCancelledTwice() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);

        Reply r = admin.post("/api/agent-commands/" + command + "/cancel", null);

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(r.json().get("finishedAt").isNull()).isFalse();
        assertThat(commandIds(agent)).isEmpty();
        assertThat(DB.count("audit_event", "action = 'agent_command.cancel' and entity_id = '" + command
                + "' and before->>'status' = 'PENDING' and after->>'status' = 'CANCELLED'")).isEqualTo(1);
        Reply again = admin.post("/api/agent-commands/" + command + "/cancel", null);
        assertThat(again.status()).as("%s", again).isEqualTo(409);
        assertThat(progress(agent, command, "started", null).status()).as("no progress on a cancelled command").isEqualTo(404);
        assertThat(admin.post("/api/sensors/" + sensor.id() + "/enrollments", Map.of("staffId", staff)).status())
                .as("the sensor is free again").isEqualTo(202);
    }

    @Test
    void resultForACancelledCommandStillRecordsWhatTheSensorDid() {
        long command = Fingerprints.requestEnrollment(admin, sensor, staff);
        admin.post("/api/agent-commands/" + command + "/cancel", null);

        Reply r = agent.send(enrolled(STREAM, 1, AT, "cua-chinh", command, 7));

        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(Fingerprints.command(admin, command).get("status").asText()).isEqualTo("DONE");
        assertThat(DB.rows("select slot, staff_id from enrollment where command_id = ? and removed_at is null", command))
                .containsExactly(row("slot", 7, "staff_id", staff));
    }

    /**
     * The agent enrolled Mai in slot 7, the admin cancelled the command before its result arrived, then Lan was
     * enrolled in slot 7 too and her result arrived first. Mai's late result is history: she held slot 7 until Lan
     * did, her touches in between are hers, and Lan keeps the slot.
     */
    @Test
    void aLateResultOlderThanTheSlotsNewerEnrollmentEndsWhereTheNewerBegins() {
        long lan = aStaff(department, site).with("fullName", "Nguyễn Thị Lan").createdBy(admin);
        long forMai = Fingerprints.requestEnrollment(admin, sensor, staff);
        admin.post("/api/agent-commands/" + forMai + "/cancel", null);
        Instant maiAt = AT;
        Instant lanAt = AT.plusSeconds(600);
        long lanEnrollment = Fingerprints.enroll(admin, agent, sensor, lan, 7, lanAt);
        assertThat(agent.send(List.of(Events.punch(STREAM, 1, maiAt.plusSeconds(60), "cua-chinh", 7))).status()).isEqualTo(200);

        Reply late = agent.send(enrolled(STREAM, 2, maiAt, "cua-chinh", forMai, 7));

        assertThat(late.status()).as("%s", late).isEqualTo(200);
        long maiEnrollment = Fingerprints.command(admin, forMai).get("enrollmentId").asLong();
        assertThat(removedAt(maiEnrollment)).isEqualTo(lanAt);
        assertThat(DB.rows("select staff_id from enrollment where sensor_id = ? and slot = 7 and removed_at is null", sensor.id()))
                .containsExactly(row("staff_id", lan));
        assertThat(DB.rows("select staff_id from punch where agent_id = ? and stream = ? and seq = 1", agent.id(), STREAM))
                .containsExactly(row("staff_id", staff));
        assertThat(removedAt(lanEnrollment)).isNull();
    }

    private static Reply progress(DeviceAgent agent, long command, String step, String message) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("step", step);
        body.put("message", message);
        return agent.api().post("/api/agent/commands/" + command + "/progress", body);
    }

    private static List<Long> commandIds(DeviceAgent agent) {
        Reply r = agent.api().get("/api/agent/commands");
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        return java.util.stream.StreamSupport.stream(r.json().get("commands").spliterator(), false)
                .map(c -> c.get("id").asLong()).toList();
    }

    private static Instant removedAt(long enrollment) {
        return DB.jdbi().withHandle(h -> h.createQuery("select removed_at from enrollment where id = :id")
                .bind("id", enrollment).mapTo(Instant.class).one());
    }
}
