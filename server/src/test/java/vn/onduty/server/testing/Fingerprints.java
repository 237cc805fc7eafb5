package vn.onduty.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;

/**
 * Arranges fingerprint state the way it happens in production: the agent reports a sensor, an admin
 * asks for an enrollment (or its deletion), the agent answers with a result event.
 */
public final class Fingerprints {

    private Fingerprints() {}

    /** A sensor as the server knows it. */
    public record Sensor(long id, String name) {}

    /** A sensor that {@code agent} reports in a heartbeat, found by the admin's list. */
    public static Sensor sensor(Api admin, DeviceAgent agent, String name) {
        Reply r = agent.heartbeat(Events.heartbeat(Instant.now(), Events.sensorStatus(name, true, 162, 0, 0, 0)));
        if (r.status() != 200) {
            throw new AssertionError("Heartbeat answered " + r);
        }
        for (JsonNode s : admin.get("/api/sensors").json()) {
            if (s.get("agentId").asLong() == agent.id() && s.get("name").asText().equals(name)) {
                return new Sensor(s.get("id").asLong(), name);
            }
        }
        throw new AssertionError("Sensor " + name + " of agent " + agent.id() + " is not listed");
    }

    /** {@code POST /api/sensors/{id}/enrollments}, insisting on 202; returns the command's id. */
    public static long requestEnrollment(Api admin, Sensor sensor, long staffId) {
        Reply r = admin.post("/api/sensors/" + sensor.id() + "/enrollments", Map.of("staffId", staffId));
        if (r.status() != 202) {
            throw new AssertionError("Enrolling " + staffId + " on " + sensor + " answered " + r);
        }
        return r.id();
    }

    /** Enrolls {@code staffId} in {@code slot} at {@code at}, the whole way; returns the enrollment's id. */
    public static long enroll(Api admin, DeviceAgent agent, Sensor sensor, long staffId, int slot, Instant at) {
        long command = requestEnrollment(admin, sensor, staffId);
        agent.deliver(Events.enrolled(DeviceAgent.FIXTURE_STREAM, agent.nextFixtureSeq(), at, sensor.name(), command, slot));
        return command(admin, command).get("enrollmentId").asLong();
    }

    /** Deletes an enrollment, the whole way: admin's request, the agent's {@code slot_deleted} at {@code at}. */
    public static void unenroll(Api admin, DeviceAgent agent, Sensor sensor, long enrollmentId, int slot, Instant at) {
        Reply r = admin.send("DELETE", "/api/enrollments/" + enrollmentId, null, null);
        if (r.status() != 202) {
            throw new AssertionError("Deleting enrollment " + enrollmentId + " answered " + r);
        }
        agent.deliver(Events.slotDeleted(DeviceAgent.FIXTURE_STREAM, agent.nextFixtureSeq(), at, sensor.name(), r.id(), slot));
    }

    public static JsonNode command(Api admin, long id) {
        Reply r = admin.get("/api/agent-commands/" + id);
        if (r.status() != 200) {
            throw new AssertionError("Reading command " + id + " answered " + r);
        }
        return r.json();
    }
}
