package vn.onduty.server.agentcommand;

import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.secret.Credentials;

/**
 * The lifecycle of the commands an admin's request queues for a site's agent (fingerprint enrollment and
 * deletion, camera snapshots and calibration), and its rules:
 * <ul>
 * <li>queued: by the feature that owns the target, which holds the target's row lock; one open command per
 *     sensor, and per camera, type and zone;</li>
 * <li>handed over: listed to its own agent while open and not overdue; the first listing is recorded;</li>
 * <li>progress: reported by its own agent while open and not overdue (the step {@code failed} ends it FAILED);</li>
 * <li>done or failed: by its agent's result, also after it was cancelled or expired (the device did what it did,
 *     and the server must know), never twice; a snapshot only while it is open;</li>
 * <li>cancelled: by an admin, while open and not overdue;</li>
 * <li>expired: open and queued longer than {@code agentCommands.expireAfter} ago (a calibration gets its
 *     sampling time on top), by the periodic {@link #expireOverdue()} and whenever it is read or touched before
 *     that.</li>
 * </ul>
 * Methods that take a {@link Handle} run inside the caller's transaction.
 */
public final class AgentCommands {

    private static final Logger LOG = LoggerFactory.getLogger(AgentCommands.class);
    /** Whose action an expiry is in the audit log. */
    private static final Caller EXPIRY = Caller.system("agent-command-expiry");

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Clock clock;
    private final Duration expireAfter;
    private final long expireSeconds;

    public AgentCommands(Jdbi jdbi, AuditLog audit, AccessPolicy policy, Clock clock, Duration expireAfter) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
        this.expireAfter = expireAfter;
        this.expireSeconds = expireAfter.toSeconds();
    }

    /**
     * Queues a command, unless its target is busy with an open one (an overdue one is expired first). The caller
     * holds the target's row lock (sensor or camera), so two admins clicking at once queue one command, not two.
     */
    public AgentCommand queue(Handle h, NewCommand command) {
        boolean sensor = command.sensorId() != null;
        List<AgentCommand> busy = sensor ? openOfSensor(h, command.sensorId())
                : openOfCamera(h, command.cameraId(), command.type(), command.zoneId());
        if (!busy.isEmpty()) {
            throw new ConflictException(sensor ? "The sensor is busy with another command; wait for it or cancel it"
                    : "The agent is still working on the same request; wait for it or cancel it");
        }
        AgentCommandDao dao = h.attach(AgentCommandDao.class);
        return dao.find(dao.queue(command, clock.instant())).orElseThrow();
    }

    public Optional<AgentCommand> find(long id) {
        return jdbi.inTransaction(h -> {
            expire(h, id, null, null);
            return h.attach(AgentCommandDao.class).find(id);
        });
    }

    /** The sensor's open commands, oldest first. */
    public List<AgentCommand> openOfSensor(long sensorId) {
        return jdbi.inTransaction(h -> openOfSensor(h, sensorId));
    }

    /** The camera's open commands, oldest first. */
    public List<AgentCommand> openOfCamera(long cameraId) {
        return jdbi.inTransaction(h -> {
            expire(h, null, null, cameraId);
            return h.attach(AgentCommandDao.class).openOfCamera(cameraId);
        });
    }

    /** The sensor's newest command, whatever its state. */
    public Optional<AgentCommand> latestOfSensor(long sensorId) {
        return jdbi.inTransaction(h -> {
            expire(h, null, sensorId, null);
            return h.attach(AgentCommandDao.class).latestOfSensor(sensorId);
        });
    }

    /** The camera's newest command of {@code type} (for {@code zoneId} when given), whatever its state. */
    public Optional<AgentCommand> latestOfCamera(Handle h, long cameraId, String type, Long zoneId) {
        expire(h, null, null, cameraId);
        return h.attach(AgentCommandDao.class).latestOfCamera(cameraId, type, zoneId);
    }

    public Optional<AgentCommand> latestOfCamera(long cameraId, String type, Long zoneId) {
        return jdbi.inTransaction(h -> latestOfCamera(h, cameraId, type, zoneId));
    }

    /** Admins only; a command that has finished (or is overdue, which is expired) cannot be cancelled: 409. */
    public AgentCommand cancel(long id, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            AgentCommandDao dao = h.attach(AgentCommandDao.class);
            AgentCommand before = dao.lock(id).orElseThrow(() -> new NotFoundException("No command " + id));
            // Inside this transaction only: the 409 below rolls it back, and the sweep records the expiry.
            expire(h, id, null, null);
            if (dao.cancel(id, clock.instant(), expireSeconds) == 0) {
                throw new ConflictException("Command " + id + " has already finished ("
                        + dao.find(id).orElseThrow().status() + ")");
            }
            AgentCommand after = dao.find(id).orElseThrow();
            audit.record(h, caller, "agent_command.cancel", "agent_command", id, before, after);
            return after;
        });
    }

    /** The agent's open commands that are not overdue, oldest first; each is recorded as handed over. */
    public List<ListedCommand> handOver(Caller agent) {
        Instant now = clock.instant();
        return jdbi.inTransaction(h -> {
            AgentCommandDao dao = h.attach(AgentCommandDao.class);
            List<ListedCommand> listed = dao.handedOver(agent.id(), now, expireSeconds);
            if (!listed.isEmpty()) {
                dao.markHandedOver(listed.stream().map(ListedCommand::id).toArray(Long[]::new), now);
            }
            return listed;
        });
    }

    /**
     * A step of the agent's own open command; {@code failed} ends it FAILED with the message as its error.
     *
     * @throws NotFoundException when the command is not this agent's, has finished or is overdue
     */
    public void progress(Caller agent, long id, String step, String reported) {
        Instant now = clock.instant();
        // "no picture from the camera: ... rtsp://viewer:secret@..." is what FFmpeg says: stored without the user info.
        String message = Credentials.scrub(reported);
        int updated = jdbi.withExtension(AgentCommandDao.class, dao -> step.equals("failed")
                ? dao.giveUp(id, agent.id(), message == null ? "failed" : message, now, expireSeconds)
                : dao.progress(id, agent.id(), step, message, now, expireSeconds));
        if (updated == 0) {
            throw new NotFoundException("No open command " + id + " for this agent");
        }
    }

    /** The command, locked until the caller's transaction ends, to check a result against and apply it. */
    public Optional<AgentCommand> lock(Handle h, long id) {
        return h.attach(AgentCommandDao.class).lock(id);
    }

    /**
     * Whether a result changes the command: not after an earlier result (DONE, FAILED), which stands; yes while
     * it is open, and also once cancelled or expired, because the device did the work all the same.
     */
    public static boolean takesResult(AgentCommand command) {
        return !command.status().equals(AgentCommand.DONE) && !command.status().equals(AgentCommand.FAILED);
    }

    /** Ends the command as the agent's result says; nothing when {@link #takesResult} says no. */
    public void finish(Handle h, long id, CommandOutcome outcome) {
        h.attach(AgentCommandDao.class).finish(id, outcome, clock.instant());
    }

    /**
     * The agent's camera_snapshot command for that camera, locked and still open, which the uploaded frame
     * completes. A snapshot is no result event: a late one is refused, not kept, since nobody waits for it.
     *
     * @throws NotFoundException unless it is a camera_snapshot command of this agent for that camera
     * @throws ConflictException when it has finished or is overdue
     */
    public AgentCommand lockOpenSnapshot(Handle h, Caller agent, long cameraId, long commandId) {
        AgentCommandDao dao = h.attach(AgentCommandDao.class);
        AgentCommand command = dao.lock(commandId)
                .filter(c -> c.agentId() == agent.id() && c.type().equals("camera_snapshot")
                        && c.cameraId() != null && c.cameraId() == cameraId)
                .orElseThrow(() -> new NotFoundException("No camera_snapshot command " + commandId + " of camera "
                        + cameraId + " for this agent"));
        if (!expire(h, commandId, null, null).isEmpty()) {
            command = dao.find(commandId).orElseThrow();
        }
        if (command.finished()) {
            throw new ConflictException("Command " + commandId + " is no longer pending (" + command.status() + ")");
        }
        return command;
    }

    /** Expires every overdue open command; the periodic sweep. @return how many */
    public int expireOverdue() {
        List<Long> expired = jdbi.inTransaction(h -> expire(h, null, null, null));
        if (!expired.isEmpty()) {
            LOG.info("Expired {} agent command(s) that no agent finished within {}: {}", expired.size(), expireAfter,
                    expired);
        }
        return expired.size();
    }

    /** The sensor's open commands, oldest first, after expiring its overdue ones. */
    private List<AgentCommand> openOfSensor(Handle h, long sensorId) {
        expire(h, null, sensorId, null);
        return h.attach(AgentCommandDao.class).openOfSensor(sensorId);
    }

    private List<AgentCommand> openOfCamera(Handle h, long cameraId, String type, Long zoneId) {
        expire(h, null, null, cameraId);
        return h.attach(AgentCommandDao.class).openOfCamera(cameraId, type, zoneId);
    }

    /** Expires the overdue open commands of one command, sensor or camera (nulls: all), each audited. */
    private List<Long> expire(Handle h, Long id, Long sensorId, Long cameraId) {
        List<Long> expired = h.attach(AgentCommandDao.class).expireOverdue(clock.instant(), expireSeconds, id,
                sensorId, cameraId);
        for (long e : expired) {
            audit.record(h, EXPIRY, "agent_command.expire", "agent_command", e, null,
                    Map.of("status", AgentCommand.EXPIRED, "expireAfter", expireAfter.toString()));
        }
        return expired;
    }
}
