package vn.onduty.server.fingerprint;

import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * Sensors and enrollments, from the admin's side: enrolling an officer or deleting an enrollment
 * queues a command for the sensor's agent; the agent's result event completes it. The server
 * never sees a template, only which slot it went to.
 */
public final class FingerprintService {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;

    public FingerprintService(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
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

    public List<AgentCommand> openCommands(long sensorId) {
        return jdbi.withExtension(FingerprintDao.class, dao -> dao.openCommands(sensorId));
    }

    public Optional<AgentCommand> command(long id) {
        return jdbi.withExtension(FingerprintDao.class, dao -> dao.command(id));
    }

    public AgentCommand startEnrollment(long sensorId, long staffId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            FingerprintDao dao = h.attach(FingerprintDao.class);
            // One command per sensor at a time: two admins clicking at once queue one command, not two.
            h.execute("select 1 from sensor where id = ? for update", sensorId);
            Sensor sensor = dao.sensor(sensorId).orElseThrow(() -> new NotFoundException("No sensor " + sensorId));
            Boolean active = h.createQuery("select active from staff where id = :id").bind("id", staffId)
                    .mapTo(Boolean.class).findOne().orElseThrow(() -> InvalidInputException.field("staffId", "is not a staff member"));
            if (!active) {
                throw InvalidInputException.field("staffId", "is a deactivated staff member");
            }
            if (!dao.openCommands(sensorId).isEmpty()) {
                throw new ConflictException("The sensor is busy with another command; wait for it or cancel it");
            }
            long id = dao.createEnroll(sensor.agentId(), sensorId, staffId, caller.id());
            AgentCommand command = dao.command(id).orElseThrow();
            audit.record(h, caller, "enrollment.request", "agent_command", id, null,
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
            h.execute("select 1 from sensor where id = ? for update", e.sensorId());
            Sensor sensor = dao.sensor(e.sensorId()).orElseThrow();
            if (!dao.openCommands(e.sensorId()).isEmpty()) {
                throw new ConflictException("The sensor is busy with another command; wait for it or cancel it");
            }
            long id = dao.createDelete(sensor.agentId(), e.sensorId(), e.slot(), enrollmentId, e.staffId(), caller.id());
            audit.record(h, caller, "enrollment.delete_request", "enrollment", enrollmentId, e, Map.of("commandId", id));
            return dao.command(id).orElseThrow();
        });
    }

    public AgentCommand cancel(long commandId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            FingerprintDao dao = h.attach(FingerprintDao.class);
            AgentCommand before = dao.command(commandId).orElseThrow(() -> new NotFoundException("No command " + commandId));
            if (dao.cancel(commandId) == 0) {
                throw new ConflictException("Command " + commandId + " has already finished (" + before.status() + ")");
            }
            AgentCommand after = dao.command(commandId).orElseThrow();
            audit.record(h, caller, "agent_command.cancel", "agent_command", commandId, before, after);
            return after;
        });
    }
}
