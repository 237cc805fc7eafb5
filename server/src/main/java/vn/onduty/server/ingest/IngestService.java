package vn.onduty.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.agentcommand.AgentCommand;
import vn.onduty.server.agentcommand.AgentCommands;
import vn.onduty.server.agentcommand.CommandOutcome;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.camera.CameraDao;
import vn.onduty.server.camera.CameraOwnership;
import vn.onduty.server.devicetime.DeviceTimeCheck;
import vn.onduty.server.occupancy.OccupancyEvent;
import vn.onduty.server.occupancy.OccupancyStore;
import vn.onduty.server.secret.Credentials;

/**
 * Stores a batch of device events exactly once and applies what they mean: punches mapped to the
 * officer enrolled at that moment, enrollment results, deleted slots, calibrations (each result ends its
 * command through {@link AgentCommands}). One transaction per batch: all of it or none of it.
 */
public final class IngestService {

    public static final int MAX_EVENTS = 1000;
    public static final int MAX_BYTES = 1 << 20;
    private static final Comparator<AgentEvent> BY_KEY =
            Comparator.comparing(AgentEvent::stream).thenComparingLong(AgentEvent::seq);

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final OccupancyStore occupancy;
    private final AgentCommands commands;
    private final Clock clock;
    private final DeviceTimeCheck deviceTime;
    private final int maxSensorsPerAgent;
    private final LongConsumer punchesIngested;

    /**
     * @param punchesIngested told how many punches each committed batch stored for the first time
     * @param maxSensorsPerAgent how many sensors one agent may create ({@code sensors.maxPerAgent})
     */
    public IngestService(Jdbi jdbi, AuditLog audit, OccupancyStore occupancy, AgentCommands commands, Clock clock,
                         DeviceTimeCheck deviceTime, LongConsumer punchesIngested, int maxSensorsPerAgent) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.occupancy = occupancy;
        this.commands = commands;
        this.clock = clock;
        this.deviceTime = deviceTime;
        this.punchesIngested = punchesIngested;
        this.maxSensorsPerAgent = maxSensorsPerAgent;
    }

    /**
     * A batch refused because some of its camera events came from an agent that does not watch the camera: besides
     * the 422, those are counted on the camera (table camera_refusal), for its page.
     */
    private static final class RefusedCameraEvents extends InvalidInputException {
        private final Map<Long, Integer> refusedByCamera;
        private final Map<Long, String> reasonByCamera;

        RefusedCameraEvents(List<String> problems, Map<Long, Integer> refusedByCamera, Map<Long, String> reasonByCamera) {
            super("The batch was refused; nothing of it was stored", problems);
            this.refusedByCamera = refusedByCamera;
            this.reasonByCamera = reasonByCamera;
        }
    }

    /** @return per stream, the highest seq of the batch (all of which is now stored) */
    public Map<String, Long> ingest(Caller agent, JsonNode body) {
        // An error an agent reports may quote a camera URL with its user and password (FFmpeg does): the events are
        // kept, audited and shown without them.
        Credentials.scrubInPlace(body);
        EventBatchValidator.Result parsed = EventBatchValidator.validate(body, MAX_EVENTS);
        if (!parsed.problems().isEmpty()) {
            throw new InvalidInputException("The batch was refused; nothing of it was stored", parsed.problems());
        }
        List<AgentEvent> events = parsed.events();
        Map<String, Long> ack = new LinkedHashMap<>();
        for (AgentEvent e : events) {
            ack.merge(e.stream(), e.seq(), Math::max);
        }
        if (events.isEmpty()) {
            return ack;
        }
        try {
            int punches = jdbi.inTransaction(h -> store(h, agent, events));
            punchesIngested.accept(punches);
        } catch (RefusedCameraEvents e) {
            // The batch's own transaction is gone; the count is a fact of its own.
            Instant now = clock.instant();
            jdbi.useTransaction(h -> e.refusedByCamera.forEach((camera, count) -> h.attach(CameraDao.class)
                    .countRefused(camera, agent.id(), count, now, e.reasonByCamera.get(camera))));
            throw e;
        }
        return ack;
    }

    /**
     * The heartbeat's sensors part, when it names a sensor not stored yet ({@code ingest.HeartbeatService}): new names
     * count against {@code sensors.maxPerAgent}: over it, the heartbeat is refused (422) and nothing is stored;
     * otherwise each new sensor's first report is stored whole. In the caller's transaction.
     */
    public void createFirstSensors(AgentDeviceDao dao, Caller agent, Instant at, List<SensorStatus> sensors) {
        Set<String> known = requireRoomForSensors(dao, agent.id(), sensors.stream().map(SensorStatus::name).toList(),
                "sensors");
        // In name order, as event ingest creates them: the same order of row locks cannot deadlock.
        for (SensorStatus s : sensors.stream().sorted(Comparator.comparing(SensorStatus::name)).toList()) {
            if (!known.contains(s.name())) {
                dao.insertFirstSensorStatus(agent.id(), s.name(), s.port(), s.connected(), s.capacity(), s.templates(),
                        s.unrecognisedTouches(), s.duplicatesIgnored(), Credentials.scrub(s.lastError()), at);
            }
        }
    }

    /** @return how many punches were stored for the first time */
    private int store(Handle h, Caller agent, List<AgentEvent> events) {
        IngestDao dao = h.attach(IngestDao.class);
        long agentId = agent.id();
        checkCommands(h, dao, agentId, events);
        Set<String> notApplied = checkCameraEvents(h, dao, agent, events);
        // Rows go in in (stream, seq) order whatever the batch's order, so that two batches overlapping
        // in different orders lock their rows in the same order instead of deadlocking each other.
        List<AgentEvent> ordered = events.stream().sorted(BY_KEY).toList();
        int n = ordered.size();
        String[] streams = new String[n];
        Long[] seqs = new Long[n];
        String[] types = new String[n];
        String[] ats = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            AgentEvent e = ordered.get(i);
            streams[i] = e.stream();
            seqs[i] = e.seq();
            types[i] = e.type();
            ats[i] = e.at().toString();
            payloads[i] = e.raw().toString();
        }
        Set<String> fresh = new HashSet<>();
        for (IngestDao.StoredKey k : dao.insertEvents(agentId, streams, seqs, types, ats, payloads)) {
            fresh.add(k.stream() + "#" + k.seq());
        }
        List<AgentEvent> newEvents = events.stream().filter(e -> fresh.contains(e.key())).toList();
        if (newEvents.isEmpty()) {
            return 0;
        }
        // Sorted: the heartbeat creates sensors too, and two transactions inserting the same new names in
        // different orders deadlock; in name order, one simply waits for the other.
        String[] sensors = newEvents.stream().filter(AgentEvent::fingerprint).map(AgentEvent::sensor).distinct().sorted()
                .toArray(String[]::new);
        if (sensors.length > 0) {
            requireRoomForSensors(h.attach(AgentDeviceDao.class), agentId, List.of(sensors), "events");
            dao.ensureSensors(agentId, sensors);
        }
        int punches = storePunches(dao, h.attach(AttendanceQueue.class), agentId,
                newEvents.stream().filter(e -> e.type().equals("punch")).toList(), deviceTime, clock.instant());
        occupancy.record(h, agentId, newEvents.stream().filter(e -> e.type().equals("occupancy"))
                .filter(e -> !notApplied.contains(e.key()))
                .map(e -> new OccupancyEvent(e.stream(), e.seq(), e.cameraId(), e.zoneId(), e.counterId(), e.state(),
                        e.state().equals("unknown") ? e.reason() : null, e.doubleValue("score"), e.at()))
                .toList());
        for (AgentEvent e : newEvents) {
            switch (e.type()) {
                case "enrollment_result" -> applyEnrollment(h, dao, agent, e);
                case "slot_deleted" -> applySlotDeleted(h, dao, agent, e);
                case "zone_attention" -> {
                    if (!notApplied.contains(e.key())) {
                        h.attach(CameraDao.class).attention(e.zoneId(), EventBatchValidator.text(e.raw(), "reason"), e.at());
                    }
                }
                case "zone_calibrated" -> applyCalibrated(h, agent, e);
                default -> { }
            }
        }
        return punches;
    }

    /**
     * Refuses names that would bring the agent's sensors over {@code sensors.maxPerAgent}. When there are new names,
     * the agent's row is locked first (in the caller's transaction), so that parallel requests count one after the
     * other.
     *
     * @return the agent's sensor names already stored
     */
    private Set<String> requireRoomForSensors(AgentDeviceDao dao, long agentId, List<String> names, String field) {
        Set<String> stored = new HashSet<>(dao.sensorNames(agentId));
        if (stored.containsAll(names)) {
            return stored;
        }
        dao.lockAgent(agentId);
        Set<String> known = new HashSet<>(dao.sensorNames(agentId));
        List<String> fresh = names.stream().distinct().filter(n -> !known.contains(n)).sorted().toList();
        if (known.size() + fresh.size() > maxSensorsPerAgent) {
            throw new InvalidInputException("The agent would have more sensors than allowed; nothing was stored",
                    List.of(field + ": new sensor " + fresh.stream().map(n -> "'" + n + "'").collect(
                            java.util.stream.Collectors.joining(", ")) + " refused: this agent already has " + known.size()
                            + " sensors and may have at most " + maxSensorsPerAgent
                            + " (sensors.maxPerAgent in the server's config.yml)"));
        }
        return known;
    }

    /**
     * Stores the punches and, in the same transaction, marks their officer-days for attendance to recompute. A punch
     * whose agent time cannot be believed ({@link DeviceTimeCheck}) is stored flagged and counts for nothing until an
     * admin accepts it.
     */
    private static int storePunches(IngestDao dao, AttendanceQueue attendance, long agentId, List<AgentEvent> punches,
                                     DeviceTimeCheck deviceTime, Instant now) {
        if (punches.isEmpty()) {
            return 0;
        }
        int n = punches.size();
        String[] streams = new String[n];
        Long[] seqs = new Long[n];
        String[] sensors = new String[n];
        Integer[] slots = new Integer[n];
        Integer[] scores = new Integer[n];
        String[] ats = new String[n];
        String[] flags = new String[n];
        for (int i = 0; i < n; i++) {
            AgentEvent e = punches.get(i);
            streams[i] = e.stream();
            seqs[i] = e.seq();
            sensors[i] = e.sensor();
            slots[i] = e.slot();
            scores[i] = e.score();
            ats[i] = e.at().toString();
            flags[i] = deviceTime.check(e.at(), now).map(DeviceTimeCheck.Flag::wire).orElse(null);
        }
        int stored = dao.insertPunches(agentId, streams, seqs, sensors, slots, scores, ats, flags);
        attendance.punchesStored(agentId, streams, seqs);
        return stored;
    }

    /** A result must answer a command this agent was given, on the sensor it names. */
    private void checkCommands(Handle h, IngestDao dao, long agentId, List<AgentEvent> events) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            AgentEvent e = events.get(i);
            String expected = switch (e.type()) {
                case "enrollment_result" -> "enroll";
                case "slot_deleted" -> "delete_slot";
                default -> null;
            };
            if (expected == null) {
                continue;
            }
            Optional<AgentCommand> command = commands.lock(h, e.commandId());
            if (command.isEmpty() || command.get().agentId() != agentId || !command.get().type().equals(expected)) {
                problems.add("events[" + i + "].commandId: no " + expected + " command " + e.commandId() + " for this agent");
            } else if (dao.sensorId(agentId, e.sensor()).filter(id -> id.equals(command.get().sensorId())).isEmpty()) {
                problems.add("events[" + i + "].sensor: command " + e.commandId() + " is for sensor "
                        + command.get().sensorId() + ", not '" + e.sensor() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The batch was refused; nothing of it was stored", problems);
        }
    }

    /**
     * A camera event must name a camera of the agent's own site, a zone of that camera and (where it names
     * one) that zone's counter; a calibration result must answer this agent's calibrate_zone command for that zone.
     * Occupancy and zone_attention events must come from the agent that watched the camera when they happened
     * ({@link CameraOwnership}); others are refused, and counted on the camera. Only the unknown/camera_removed
     * with which an agent closes the zones of a camera taken away from it is taken without being applied: the move
     * has already ended its zones.
     *
     * @return the keys of events taken but not applied
     */
    private Set<String> checkCameraEvents(Handle h, IngestDao dao, Caller agent, List<AgentEvent> events) {
        List<AgentEvent> camera = events.stream().filter(AgentEvent::camera).toList();
        if (camera.isEmpty()) {
            return Set.of();
        }
        Map<Long, IngestDao.ZoneRef> zones = new HashMap<>();
        dao.zones(camera.stream().map(AgentEvent::zoneId).distinct().toArray(Long[]::new))
                .forEach(z -> zones.put(z.zoneId(), z));
        CameraDao cameras = h.attach(CameraDao.class);
        Map<Long, Optional<CameraDao.CameraRow>> rows = new HashMap<>();
        Map<Long, CameraOwnership> owners = owners(cameras, camera);
        Set<String> notApplied = new HashSet<>();
        Map<Long, Integer> refused = new TreeMap<>();
        Map<Long, String> reasons = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            AgentEvent e = events.get(i);
            if (!e.camera()) {
                continue;
            }
            String where = "events[" + i + "]";
            Optional<CameraDao.CameraRow> row = rows.computeIfAbsent(e.cameraId(), cameras::camera);
            IngestDao.ZoneRef zone = zones.get(e.zoneId());
            if (row.isEmpty() || row.get().siteId() != agent.agentSiteId().longValue()) {
                problems.add(where + ".cameraId: no camera " + e.cameraId() + " at this agent's site");
            } else if (zone == null || zone.cameraId() != e.cameraId()) {
                problems.add(where + ".zoneId: camera " + e.cameraId() + " has no zone " + e.zoneId());
            } else if (e.counterId() != null && e.counterId() != zone.counterId()) {
                problems.add(where + ".counterId: zone " + e.zoneId() + " is the seat of counter " + zone.counterId()
                        + ", not " + e.counterId());
            } else if (e.type().equals("zone_calibrated")) {
                Optional<AgentCommand> command = commands.lock(h, e.commandId());
                if (command.isEmpty() || command.get().agentId() != agent.id()
                        || !command.get().type().equals("calibrate_zone") || command.get().zoneId() == null
                        || command.get().zoneId() != e.zoneId()) {
                    problems.add(where + ".commandId: no calibrate_zone command " + e.commandId() + " of zone "
                            + e.zoneId() + " for this agent");
                }
            } else if (!owners.get(e.cameraId()).accepts(agent.id(), e.at())) {
                CameraOwnership owner = owners.get(e.cameraId());
                if (closesAZoneTakenAway(e) && owner.movedAwayFrom(agent.id(), e.at()).isPresent()) {
                    notApplied.add(e.key());
                    continue;
                }
                String reason = "camera " + e.cameraId() + " is " + watcher(cameras, owner.ownerAt(e.at()))
                        + " at " + e.at() + ", not by this agent (" + agent.name() + " #" + agent.id() + ")";
                problems.add(where + ".cameraId: " + reason);
                refused.merge(e.cameraId(), 1, Integer::sum);
                reasons.put(e.cameraId(), reason);
            }
        }
        if (!problems.isEmpty()) {
            if (!refused.isEmpty()) {
                throw new RefusedCameraEvents(problems, refused, reasons);
            }
            throw new InvalidInputException("The batch was refused; nothing of it was stored", problems);
        }
        return notApplied;
    }

    private static Map<Long, CameraOwnership> owners(CameraDao cameras, List<AgentEvent> events) {
        Long[] ids = events.stream().map(AgentEvent::cameraId).distinct().toArray(Long[]::new);
        Map<Long, List<CameraOwnership.Move>> moves = new HashMap<>();
        for (CameraDao.MoveRow m : cameras.moves(ids)) {
            moves.computeIfAbsent(m.cameraId(), id -> new ArrayList<>())
                    .add(new CameraOwnership.Move(m.fromAgentId(), m.toAgentId(), m.movedAt()));
        }
        Map<Long, CameraOwnership> owners = new HashMap<>();
        for (Long id : ids) {
            Long current = cameras.camera(id).map(CameraDao.CameraRow::agentId).orElse(null);
            owners.put(id, new CameraOwnership(current, moves.getOrDefault(id, List.of())));
        }
        return owners;
    }

    /** The unknown/camera_removed an agent sends for the zones of a camera no longer in its list. */
    private static boolean closesAZoneTakenAway(AgentEvent e) {
        return e.type().equals("occupancy") && "unknown".equals(e.state()) && "camera_removed".equals(e.reason());
    }

    private static String watcher(CameraDao cameras, Long agentId) {
        if (agentId == null) {
            return "watched by no agent";
        }
        return "watched by agent " + cameras.agent(agentId).map(a -> a.name() + " #" + a.id()).orElse("#" + agentId);
    }

    /** Finishes the calibrate_zone command; when it worked, the zone is calibrated with the agent's statistics. */
    private void applyCalibrated(Handle h, Caller agent, AgentEvent e) {
        AgentCommand command = commands.lock(h, e.commandId()).orElseThrow();
        if (!AgentCommands.takesResult(command)) {
            return;
        }
        if (!e.ok()) {
            commands.finish(h, command.id(), CommandOutcome.failed(null, e.error()));
            audit.record(h, agent, "camera_zone.calibration_failed", "camera_zone", e.zoneId(), null,
                    Map.of("commandId", command.id(), "error", e.error()));
            return;
        }
        Long watcher = h.attach(CameraDao.class).camera(e.cameraId()).map(CameraDao.CameraRow::agentId).orElse(null);
        if (watcher == null || watcher != agent.id()) {
            // Its empty-seat reference stays with this agent: the camera's new agent has none.
            String error = "camera " + e.cameraId() + " was given to another agent meanwhile; calibrate the zone again";
            commands.finish(h, command.id(), CommandOutcome.failed(null, error));
            audit.record(h, agent, "camera_zone.calibration_failed", "camera_zone", e.zoneId(), null,
                    Map.of("commandId", command.id(), "error", error));
            return;
        }
        int samples = e.raw().get("samples").intValue();
        double mean = e.doubleValue("mean");
        double sd = e.doubleValue("sd");
        double threshold = e.doubleValue("threshold");
        ObjectNode result = JsonNodeFactory.instance.objectNode().put("samples", samples).put("mean", mean)
                .put("sd", sd).put("threshold", threshold);
        if (command.snapshotId() != null) {
            result.put("snapshotId", command.snapshotId());
        }
        h.attach(CameraDao.class).calibrated(e.zoneId(), samples, mean, sd, threshold, e.at());
        commands.finish(h, command.id(), CommandOutcome.done(null, null, result.toString()));
        audit.record(h, agent, "camera_zone.calibrated", "camera_zone", e.zoneId(), null, result);
    }

    private void applyEnrollment(Handle h, IngestDao dao, Caller agent, AgentEvent e) {
        AgentCommand command = commands.lock(h, e.commandId()).orElseThrow();
        if (!AgentCommands.takesResult(command)) {
            return;
        }
        if (!e.ok()) {
            commands.finish(h, command.id(), CommandOutcome.failed(null, e.error()));
            audit.record(h, agent, "enrollment.failed", "agent_command", command.id(), null,
                    Map.of("sensor", e.sensor(), "staffId", command.staffId(), "error", e.error()));
            return;
        }
        long sensorId = command.sensorId();  // an enroll command always names its sensor
        String at = e.at().toString();
        dao.closeLiveEnrollment(sensorId, e.slot(), at);
        long enrollmentId = dao.insertEnrollment(sensorId, e.slot(), command.staffId(), at, command.id());
        if (dao.attachEarlierUnresolved(sensorId, e.slot(), at, command.staffId(), enrollmentId) > 0) {
            h.attach(AttendanceQueue.class).enrollmentAttached(enrollmentId);
        }
        commands.finish(h, command.id(), CommandOutcome.done(e.slot(), enrollmentId, null));
        audit.record(h, agent, "enrollment.create", "enrollment", enrollmentId, null,
                Map.of("sensorId", sensorId, "slot", e.slot(), "staffId", command.staffId(), "commandId", command.id()));
    }

    private void applySlotDeleted(Handle h, IngestDao dao, Caller agent, AgentEvent e) {
        AgentCommand command = commands.lock(h, e.commandId()).orElseThrow();
        if (!AgentCommands.takesResult(command)) {
            return;
        }
        if (!e.ok()) {
            commands.finish(h, command.id(), CommandOutcome.failed(e.slot(), e.error()));
            audit.record(h, agent, "enrollment.delete_failed", "agent_command", command.id(), null,
                    Map.of("sensor", e.sensor(), "slot", e.slot(), "error", e.error()));
            return;
        }
        dao.removeEnrollment(command.enrollmentId(), e.at().toString());
        commands.finish(h, command.id(), CommandOutcome.done(e.slot(), null, null));
        audit.record(h, agent, "enrollment.delete", "enrollment", command.enrollmentId(), null,
                Map.of("sensor", e.sensor(), "slot", e.slot(), "commandId", command.id()));
    }
}
