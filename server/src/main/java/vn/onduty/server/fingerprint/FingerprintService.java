package vn.onduty.server.fingerprint;

import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.agentcommand.AgentCommand;
import vn.onduty.server.agentcommand.AgentCommands;
import vn.onduty.server.agentcommand.NewCommand;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffDao;

/**
 * Sensors and enrollments, from the admin's side: enrolling an officer or deleting an enrollment
 * queues a command for the sensor's agent ({@link AgentCommands}); the agent's result event completes it.
 * The server never sees a template, only which slot it went to.
 */
public final class FingerprintService {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final AgentCommands commands;

    public FingerprintService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, AgentCommands commands) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.commands = commands;
    }

    public List<Sensor> sensors(Long siteId) {
        return jdbi.withExtension(FingerprintDao.class, dao -> dao.sensors(siteId));
    }

    public Optional<Sensor> sensor(long id) {
        return jdbi.withExtension(FingerprintDao.class, dao -> dao.sensor(id));
    }

    public List<Enrollment> enrollments(long sensorId) {
        sensor(sensorId).orElseThrow(() -> new NotFoundException("No sensor " + sensorId));
        return jdbi.withExtension(FingerprintDao.class, dao -> dao.liveEnrollments(sensorId));
    }

    public AgentCommand startEnrollment(long sensorId, long staffId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            FingerprintDao dao = h.attach(FingerprintDao.class);
            // One command per sensor at a time: two admins clicking at once queue one command, not two.
            dao.lockSensor(sensorId).orElseThrow(() -> new NotFoundException("No sensor " + sensorId));
            Sensor sensor = dao.sensor(sensorId).orElseThrow();
            boolean active = h.attach(StaffDao.class).find(staffId).map(Staff::active)
                    .orElseThrow(() -> InvalidInputException.field("staffId", "is not a staff member"));
            if (!active) {
                throw InvalidInputException.field("staffId", "is a deactivated staff member");
            }
            AgentCommand command = commands.queue(h, NewCommand.enroll(sensor.agentId(), sensorId, staffId, caller.id()));
            audit.record(h, caller, "enrollment.request", "agent_command", command.id(), null,
                    Map.of("sensorId", sensorId, "staffId", staffId));
            return command;
        });
    }

    public AgentCommand deleteEnrollment(long enrollmentId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            FingerprintDao dao = h.attach(FingerprintDao.class);
            Enrollment e = dao.enrollment(enrollmentId)
                    .filter(x -> x.removedAt() == null)
                    .orElseThrow(() -> new NotFoundException("No live enrollment " + enrollmentId));
            dao.lockSensor(e.sensorId()).orElseThrow();
            Sensor sensor = dao.sensor(e.sensorId()).orElseThrow();
            AgentCommand command = commands.queue(h, NewCommand.deleteSlot(sensor.agentId(), e.sensorId(), e.slot(),
                    enrollmentId, e.staffId(), caller.id()));
            audit.record(h, caller, "enrollment.delete_request", "enrollment", enrollmentId, e,
                    Map.of("commandId", command.id()));
            return command;
        });
    }
}
