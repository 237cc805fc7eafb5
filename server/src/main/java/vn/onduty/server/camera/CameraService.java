package vn.onduty.server.camera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.agentcommand.AgentCommand;
import vn.onduty.server.agentcommand.AgentCommands;
import vn.onduty.server.agentcommand.CommandOutcome;
import vn.onduty.server.agentcommand.NewCommand;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.occupancy.OccupancyStore;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterDao;
import vn.onduty.server.org.site.SiteDao;

/**
 * Cameras and their counter zones, managed by admins; snapshots and calibration asked of the site's
 * agent as commands; the agent's view of its cameras (the only place credentials leave the database)
 * and its reports. Credentials never go into an answer to a person, the audit log or a log line:
 * the audit says "password changed" instead.
 */
public final class CameraService {

    public static final int DEFAULT_TIMEOUT_SECONDS = 5;
    public static final int MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final ObjectMapper json;
    private final OccupancyStore occupancy;
    private final AgentCommands commands;
    private final Clock clock;
    private final Duration snapshotLifetime;
    private final Duration agentSilentAfter;

    /** @param agentSilentAfter a camera not reported for this long is {@link CameraHealth#SILENT} (as on the live board) */
    public CameraService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, ObjectMapper json, OccupancyStore occupancy,
                         AgentCommands commands, Clock clock, Duration snapshotLifetime, Duration agentSilentAfter) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.json = json;
        this.occupancy = occupancy;
        this.commands = commands;
        this.clock = clock;
        this.snapshotLifetime = snapshotLifetime;
        this.agentSilentAfter = agentSilentAfter;
    }

    public Duration snapshotLifetime() {
        return snapshotLifetime;
    }

    public Duration agentSilentAfter() {
        return agentSilentAfter;
    }

    /** How many cameras are in each {@link CameraHealth} (every one listed, zero included): what monitoring watches. */
    public Map<String, Long> countByHealth() {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (CameraHealth health : CameraHealth.values()) {
            counts.put(health.wire(), 0L);
        }
        jdbi.useHandle(h -> withZones(h, h.attach(CameraDao.class).cameras(null))
                .forEach(c -> counts.merge(c.health().wire(), 1L, Long::sum)));
        return counts;
    }

    // ---- what admins see and change ----

    public List<Camera> list(Long siteId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withHandle(h -> withZones(h, h.attach(CameraDao.class).cameras(siteId)));
    }

    public Optional<Camera> find(long id, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withHandle(h -> h.attach(CameraDao.class).camera(id).map(c -> withZones(h, List.of(c)).get(0)));
    }

    public Camera create(CameraInput in, Caller caller) {
        policy.requireAdmin(caller);
        checkUrl(in.url());
        return jdbi.inTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            h.attach(SiteDao.class).find(in.siteId())
                    .orElseThrow(() -> InvalidInputException.field("siteId", "is not a site"));
            long id = dao.insertCamera(in.siteId(), Text.clean(in.name()), in.url().strip(), blankToNull(in.username()),
                    blankToNull(in.password()), timeout(in), in.enabled() == null || in.enabled(), Text.clean(in.note()));
            Camera after = view(h, dao.camera(id).orElseThrow());
            audit.record(h, caller, "camera.create", "camera", id, null, after.forAudit());
            return after;
        });
    }

    /** A username or password left null is kept; an empty one is removed. A camera stays at its site. */
    public Camera update(long id, CameraInput in, Caller caller) {
        policy.requireAdmin(caller);
        checkUrl(in.url());
        return jdbi.inTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            CameraDao.CameraRow row = dao.lockCamera(id).orElseThrow(() -> new NotFoundException("No camera " + id));
            if (row.siteId() != in.siteId()) {
                throw InvalidInputException.field("siteId", "cannot change: a camera stays at its site; add a new one there");
            }
            Camera before = view(h, row);
            String username = in.username() == null ? row.username() : blankToNull(in.username());
            String password = in.password() == null ? row.password() : blankToNull(in.password());
            dao.updateCamera(id, Text.clean(in.name()), in.url().strip(), username, password, timeout(in),
                    in.enabled() == null ? row.enabled() : in.enabled(), Text.clean(in.note()));
            Camera after = view(h, dao.camera(id).orElseThrow());
            audit.record(h, caller, "camera.update", "camera", id, before.forAudit(), after.forAudit());
            if (!Objects.equals(username, row.username())) {
                audit.record(h, caller, "camera.username_changed", "camera", id, null,
                        Map.of("hasUsername", username != null));
            }
            if (!Objects.equals(password, row.password())) {
                audit.record(h, caller, "camera.password_changed", "camera", id, null,
                        Map.of("hasPassword", password != null));
            }
            return after;
        });
    }

    public CameraZone addZone(long cameraId, ZoneInput in, Caller caller) {
        policy.requireAdmin(caller);
        checkPolygon(in.polygon());
        return jdbi.inTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            CameraDao.CameraRow camera = dao.lockCamera(cameraId).orElseThrow(() -> new NotFoundException("No camera " + cameraId));
            Counter counter = h.attach(CounterDao.class).find(in.counterId())
                    .orElseThrow(() -> InvalidInputException.field("counterId", "is not a counter"));
            if (counter.siteId() != camera.siteId()) {
                throw InvalidInputException.field("counterId", "is a counter of another site than the camera's");
            }
            if (!counter.active()) {
                throw InvalidInputException.field("counterId", "is a deactivated counter");
            }
            if (dao.liveZones(new Long[] {cameraId}).stream().anyMatch(z -> z.counterId() == counter.id())) {
                throw new ConflictException("counterId: camera " + cameraId + " already has a zone for counter "
                        + counter.number() + "; edit that one");
            }
            long id = dao.insertZone(cameraId, counter.id(), Polygons.toJson(in.polygon()));
            CameraZone after = zone(dao.zone(id).orElseThrow());
            audit.record(h, caller, "camera_zone.create", "camera_zone", id, null, after);
            return after;
        });
    }

    public CameraZone updateZone(long cameraId, long zoneId, ZonePolygon in, Caller caller) {
        policy.requireAdmin(caller);
        checkPolygon(in.polygon());
        return jdbi.inTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            CameraZone before = liveZone(dao, cameraId, zoneId, true);
            dao.updatePolygon(zoneId, Polygons.toJson(in.polygon()));
            CameraZone after = zone(dao.zone(zoneId).orElseThrow());
            audit.record(h, caller, "camera_zone.update", "camera_zone", zoneId, before, after);
            return after;
        });
    }

    public void removeZone(long cameraId, long zoneId, Caller caller) {
        policy.requireAdmin(caller);
        jdbi.useTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            CameraZone before = liveZone(dao, cameraId, zoneId, true);
            dao.removeZone(zoneId);
            audit.record(h, caller, "camera_zone.remove", "camera_zone", zoneId, before, zone(dao.zone(zoneId).orElseThrow()));
        });
    }

    // ---- commands: snapshot and calibration ----

    public AgentCommand requestSnapshot(long cameraId, Caller caller) {
        policy.requireAdmin(caller);
        return command(cameraId, "camera_snapshot", null, null, null, caller);
    }

    public AgentCommand requestCalibration(long cameraId, long zoneId, int seconds, Caller caller) {
        policy.requireAdmin(caller);
        return command(cameraId, "calibrate_zone", zoneId, seconds, null, caller);
    }

    /**
     * Asks the agent to take a snapshot of the camera that has not expired, which the admin picked because the seat
     * was empty in it, as the zone's empty-seat reference.
     */
    public AgentCommand requestCalibrationFromSnapshot(long cameraId, long zoneId, long snapshotId, Caller caller) {
        policy.requireAdmin(caller);
        return command(cameraId, "calibrate_zone", zoneId, null, snapshotId, caller);
    }

    private AgentCommand command(long cameraId, String type, Long zoneId, Integer seconds, Long snapshotId,
                                 Caller caller) {
        return jdbi.inTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            // One open command of a kind per camera (and zone): two admins clicking at once queue one.
            CameraDao.CameraRow camera = dao.lockCamera(cameraId).orElseThrow(() -> new NotFoundException("No camera " + cameraId));
            if (zoneId != null) {
                liveZone(dao, cameraId, zoneId, false);
            }
            if (snapshotId != null && dao.snapshot(snapshotId, cameraId, clock.instant()).isEmpty()) {
                throw InvalidInputException.field("snapshotId", "is not a snapshot of camera " + cameraId
                        + " that has not expired; ask for a new one while the seat is empty");
            }
            if (!camera.enabled()) {
                throw new ConflictException("Camera " + cameraId + " is disabled; enable it first so its agent opens the stream");
            }
            long agentId = dao.agentFor(cameraId, camera.siteId())
                    .orElseThrow(() -> new ConflictException("The camera's site has no active device agent to ask"));
            AgentCommand command = commands.queue(h, zoneId == null ? NewCommand.snapshot(agentId, cameraId, caller.id())
                    : snapshotId != null ? NewCommand.calibrateFromSnapshot(agentId, cameraId, zoneId, snapshotId, caller.id())
                    : NewCommand.calibrate(agentId, cameraId, zoneId, seconds, caller.id()));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("cameraId", cameraId);
            details.put("agentId", agentId);
            if (zoneId != null) {
                details.put("zoneId", zoneId);
                details.put(snapshotId != null ? "snapshotId" : "seconds", snapshotId != null ? snapshotId : seconds);
            }
            audit.record(h, caller, type.equals("camera_snapshot") ? "camera.snapshot_request" : "camera_zone.calibrate_request",
                    "agent_command", command.id(), null, details);
            return command;
        });
    }

    /** The camera's commands still waiting or running, oldest first. */
    public List<AgentCommand> openCommands(long cameraId) {
        return commands.openOfCamera(cameraId);
    }

    /** The camera's newest snapshot request when it expired, to say so on its page until the next one; else empty. */
    public Optional<AgentCommand> expiredSnapshotRequest(long cameraId) {
        return commands.latestOfCamera(cameraId, "camera_snapshot", null)
                .filter(c -> c.status().equals(AgentCommand.EXPIRED));
    }

    /** The most recent calibration command of each live zone of the camera, by zone id. */
    public Map<Long, AgentCommand> lastCalibrations(long cameraId) {
        return jdbi.inTransaction(h -> {
            Map<Long, AgentCommand> out = new LinkedHashMap<>();
            for (CameraDao.ZoneRow z : h.attach(CameraDao.class).liveZones(new Long[] {cameraId})) {
                commands.latestOfCamera(h, cameraId, "calibrate_zone", z.id()).ifPresent(c -> out.put(z.id(), c));
            }
            return out;
        });
    }

    // ---- snapshots ----

    /** The newest snapshot of the camera that has not expired, without its bytes. */
    public Optional<CameraDao.SnapshotRow> liveSnapshot(long cameraId, Caller caller) {
        policy.requireAdmin(caller);
        eraseExpiredSnapshots();
        return jdbi.withExtension(CameraDao.class, dao -> dao.liveSnapshot(cameraId, clock.instant()));
    }

    /** The image of the newest live snapshot; each view is written to the audit log. */
    public byte[] viewSnapshot(long cameraId, Caller caller) {
        policy.requireAdmin(caller);
        eraseExpiredSnapshots();
        return jdbi.inTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            CameraDao.SnapshotRow s = dao.liveSnapshot(cameraId, clock.instant())
                    .orElseThrow(() -> new NotFoundException("Camera " + cameraId + " has no snapshot; ask its agent for one"));
            byte[] image = dao.snapshotImage(s.id()).orElseThrow(() -> new NotFoundException("The snapshot has expired"));
            audit.record(h, caller, "camera.snapshot_view", "camera_snapshot", s.id(), null,
                    Map.of("cameraId", cameraId, "takenAt", s.takenAt().toString()));
            return image;
        });
    }

    /** Erases the images of expired snapshots (the rows stay as the record that they were taken). */
    public int eraseExpiredSnapshots() {
        return jdbi.withExtension(CameraDao.class, dao -> dao.eraseExpiredSnapshots(clock.instant()));
    }

    // ---- the agent's side ----

    /** The cameras of the agent's site, with credentials and live zones. */
    public AgentCameras agentCameras(Caller agent) {
        List<AgentCameras.AgentCamera> cameras = jdbi.withHandle(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            List<CameraDao.CameraRow> rows = dao.cameras(agent.agentSiteId());
            Map<Long, List<CameraDao.ZoneRow>> zones = zonesOf(dao, rows);
            return rows.stream().map(c -> new AgentCameras.AgentCamera(c.id(), c.name(), c.url(), c.username(),
                    c.password(), c.timeoutSeconds(), c.enabled(), zones.getOrDefault(c.id(), List.of()).stream()
                    .map(z -> new AgentCameras.AgentZone(z.id(), z.counterId(), z.counterName(),
                            Polygons.fromJson(z.polygon()), z.calibrated()))
                    .toList())).toList();
        });
        return new AgentCameras(version(cameras), cameras);
    }

    /**
     * The image of the snapshot an open calibrate_zone command of this agent names, for the agent to make the
     * zone's reference from; the read is audited as a view.
     */
    public byte[] snapshotForCalibration(Caller agent, long cameraId, long snapshotId, long commandId) {
        return jdbi.inTransaction(h -> {
            AgentCommand command = commands.lock(h, commandId)
                    .filter(c -> c.agentId() == agent.id() && c.type().equals("calibrate_zone") && c.open()
                            && c.cameraId() != null && c.cameraId() == cameraId
                            && c.snapshotId() != null && c.snapshotId() == snapshotId)
                    .orElseThrow(() -> new NotFoundException("No open calibrate_zone command " + commandId
                            + " of this agent for snapshot " + snapshotId + " of camera " + cameraId));
            CameraDao dao = h.attach(CameraDao.class);
            CameraDao.SnapshotRow s = dao.snapshot(snapshotId, cameraId, clock.instant())
                    .orElseThrow(() -> new NotFoundException("Snapshot " + snapshotId + " has expired; ask for a new one"));
            byte[] image = dao.snapshotImage(s.id()).orElseThrow(() -> new NotFoundException("The snapshot has expired"));
            audit.record(h, agent, "camera.snapshot_view", "camera_snapshot", s.id(), null,
                    Map.of("cameraId", cameraId, "takenAt", s.takenAt().toString(), "commandId", command.id()));
            return image;
        });
    }

    /** Stores the frame that answers a pending camera_snapshot command of this agent, completing it. */
    public void storeSnapshot(Caller agent, long cameraId, long commandId, byte[] image) {
        if (image.length < 3 || (image[0] & 0xFF) != 0xFF || (image[1] & 0xFF) != 0xD8 || (image[2] & 0xFF) != 0xFF) {
            throw InvalidInputException.field("body", "is not a JPEG image");
        }
        jdbi.useTransaction(h -> {
            AgentCommand command = commands.lockOpenSnapshot(h, agent, cameraId, commandId);
            Instant now = clock.instant();
            long id = h.attach(CameraDao.class).insertSnapshot(cameraId, commandId, agent.id(), image.length, image, now,
                    now.plus(snapshotLifetime));
            commands.finish(h, commandId,
                    CommandOutcome.done(null, null, toJson(Map.of("snapshotId", id, "bytes", image.length))));
            audit.record(h, agent, "camera.snapshot_taken", "camera_snapshot", id, null,
                    Map.of("cameraId", cameraId, "commandId", command.id(), "bytes", image.length,
                            "expiresAt", now.plus(snapshotLifetime).toString()));
        });
    }

    /** The heartbeat's cameras part: the latest report per camera, and the heartbeat itself for the crash rule. */
    public void recordHeartbeat(Caller agent, Instant at, List<CameraReport> cameras) {
        List<CameraReport> reports = cameras == null ? List.of() : cameras;
        jdbi.useTransaction(h -> {
            occupancy.heartbeat(h, agent.id(), at);
            if (reports.isEmpty()) {
                return;
            }
            CameraDao dao = h.attach(CameraDao.class);
            Map<Long, CameraDao.CameraRow> ours = dao.cameras(agent.agentSiteId()).stream()
                    .collect(Collectors.toMap(CameraDao.CameraRow::id, c -> c));
            List<String> problems = new ArrayList<>();
            for (int i = 0; i < reports.size(); i++) {
                if (!ours.containsKey(reports.get(i).id())) {
                    problems.add("cameras[" + i + "].id: no camera " + reports.get(i).id() + " at this agent's site");
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidInputException("The heartbeat names cameras this agent does not have", problems);
            }
            Instant received = clock.instant();
            for (CameraReport r : reports.stream().sorted(java.util.Comparator.comparing(CameraReport::id)).toList()) {
                dao.upsertStatus(r.id(), agent.id(), r.state(), r.connected(), r.lastFrameAt(), r.framesAnalysed(),
                        r.keyframesPerMinute(), r.reconnects(), r.lastError(), toJson(r.zones() == null ? List.of() : r.zones()),
                        at, received, r);
            }
        });
    }

    // ---- reading rows into what people see ----

    private List<Camera> withZones(Handle h, List<CameraDao.CameraRow> rows) {
        CameraDao dao = h.attach(CameraDao.class);
        Map<Long, List<CameraDao.ZoneRow>> zones = zonesOf(dao, rows);
        Map<Long, CameraStatus> statuses = rows.isEmpty() ? Map.of()
                : dao.statuses(rows.stream().map(CameraDao.CameraRow::id).toArray(Long[]::new)).stream()
                        .collect(Collectors.toMap(CameraDao.StatusRow::cameraId, this::status));
        Instant now = clock.instant();
        return rows.stream().map(c -> new Camera(c.id(), c.siteId(), c.name(), c.url(), c.username() != null,
                c.password() != null, c.timeoutSeconds(), c.enabled(), c.note(), c.createdAt(), c.updatedAt(),
                zones.getOrDefault(c.id(), List.of()).stream().map(CameraService::zone).toList(),
                statuses.get(c.id()), CameraHealth.of(c.enabled(), statuses.get(c.id()), now, agentSilentAfter),
                StreamAdvice.of(statuses.get(c.id())))).toList();
    }

    private Camera view(Handle h, CameraDao.CameraRow row) {
        return withZones(h, List.of(row)).get(0);
    }

    private static Map<Long, List<CameraDao.ZoneRow>> zonesOf(CameraDao dao, List<CameraDao.CameraRow> rows) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        return dao.liveZones(rows.stream().map(CameraDao.CameraRow::id).toArray(Long[]::new)).stream()
                .collect(Collectors.groupingBy(CameraDao.ZoneRow::cameraId));
    }

    static CameraZone zone(CameraDao.ZoneRow z) {
        return new CameraZone(z.id(), z.cameraId(), z.counterId(), z.counterNumber(), z.counterName(),
                Polygons.fromJson(z.polygon()), z.calibrated(), z.calibrationSamples(), z.calibrationMean(),
                z.calibrationSd(), z.calibrationThreshold(), z.calibratedAt(), z.attentionReason(), z.attentionAt(),
                z.createdAt(), z.updatedAt(), z.removedAt());
    }

    private CameraStatus status(CameraDao.StatusRow s) {
        JsonNode zones;
        try {
            zones = json.readTree(s.zones());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("camera_status.zones of camera " + s.cameraId() + " is not JSON", e);
        }
        return new CameraStatus(s.cameraId(), s.agentId(), s.state(), s.connected(), s.lastFrameAt(), s.framesAnalysed(),
                s.keyframesPerMinute(), s.reconnects(), s.lastError(), zones, s.reportedAt(), s.receivedAt(), s.codec(),
                s.width(), s.height(), s.keyframeIntervalSeconds(), s.analysis(), s.cpuPercent());
    }

    private static CameraZone liveZone(CameraDao dao, long cameraId, long zoneId, boolean lock) {
        Optional<CameraDao.ZoneRow> row = lock ? dao.lockZone(zoneId) : dao.zone(zoneId);
        return row.filter(z -> z.cameraId() == cameraId && z.removedAt() == null).map(CameraService::zone)
                .orElseThrow(() -> new NotFoundException("Camera " + cameraId + " has no zone " + zoneId));
    }

    private static void checkUrl(String url) {
        String problem = CameraUrls.problem(url);
        if (problem != null) {
            throw new InvalidInputException("Invalid url", List.of(problem));
        }
    }

    private static void checkPolygon(List<List<Double>> polygon) {
        List<String> problems = Polygons.problems("polygon", polygon);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid polygon", problems);
        }
    }

    private static int timeout(CameraInput in) {
        return in.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : in.timeoutSeconds();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private String version(List<AgentCameras.AgentCamera> cameras) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(cameras));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
