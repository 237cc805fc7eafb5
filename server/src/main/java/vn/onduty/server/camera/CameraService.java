package vn.onduty.server.camera;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import vn.onduty.server.secret.Credentials;
import vn.onduty.server.secret.SecretBox;

/**
 * Cameras and their counter zones, managed by admins; snapshots and calibration asked of the site's
 * agent as commands; the agent's view of its cameras (the only place credentials leave the database)
 * and its reports. Credentials never go into an answer to a person, the audit log or a log line:
 * the audit says "password changed" instead. Passwords are stored sealed ({@link SecretBox}) and opened
 * only for the agent's list; what agents report is stored and shown without the user info of any URL.
 */
public final class CameraService {

    public static final int DEFAULT_TIMEOUT_SECONDS = 5;
    public static final int MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;
    /** What a sealed camera password is, for {@link SecretBox}: it opens as nothing else. */
    static final String PASSWORD = "camera.password";

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final ObjectMapper json;
    private final OccupancyStore occupancy;
    private final AgentCommands commands;
    private final Clock clock;
    private final Duration snapshotLifetime;
    private final Duration agentSilentAfter;
    private final SecretBox secrets;

    /** @param agentSilentAfter a camera not reported for this long is {@link CameraHealth#SILENT} (as on the live board) */
    public CameraService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, ObjectMapper json, OccupancyStore occupancy,
                         AgentCommands commands, Clock clock, Duration snapshotLifetime, Duration agentSilentAfter,
                         SecretBox secrets) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.json = json;
        this.occupancy = occupancy;
        this.commands = commands;
        this.clock = clock;
        this.snapshotLifetime = snapshotLifetime;
        this.agentSilentAfter = agentSilentAfter;
        this.secrets = secrets;
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

    /** The cameras one agent watches, for its page. */
    public List<Camera> listOfAgent(long agentId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.withHandle(h -> withZones(h, h.attach(CameraDao.class).camerasOfAgent(agentId)));
    }

    /** Every agent, inactive ones included, to name cameras' agents. */
    public List<CameraDao.AgentChoice> agents() {
        return jdbi.withExtension(CameraDao.class, CameraDao::agents);
    }

    /** The agents of a site, inactive ones included (a camera's page names its agent whatever it has become). */
    public List<CameraDao.AgentChoice> agentsOfSite(long siteId) {
        return jdbi.withExtension(CameraDao.class, dao -> dao.agentsOfSite(siteId));
    }

    public Camera create(CameraInput in, Caller caller) {
        policy.requireAdmin(caller);
        checkUrl(in.url());
        return jdbi.inTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            h.attach(SiteDao.class).find(in.siteId())
                    .orElseThrow(() -> InvalidInputException.field("siteId", "is not a site"));
            // Not a conditional expression: with checkAgent's long on one side it would unbox onlyAgent's null (a site
            // without an agent) and fail with a NullPointerException instead of storing a camera nobody watches yet.
            Long agentId;
            if (in.agentId() != null) {
                agentId = checkAgent(dao, in.agentId(), in.siteId());
            } else {
                agentId = onlyAgent(dao, in.siteId());
            }
            String password = blankToNull(in.password());
            long id = dao.insertCamera(in.siteId(), agentId, Text.clean(in.name()), in.url().strip(), blankToNull(in.username()),
                    password == null ? null : secrets.seal(password, PASSWORD), timeout(in),
                    in.enabled() == null || in.enabled(), Text.clean(in.note()));
            Camera after = view(h, dao.camera(id).orElseThrow());
            audit.record(h, caller, "camera.create", "camera", id, null, after.forAudit());
            return after;
        });
    }

    /**
     * A username, password or agent left null is kept; an empty username or password is removed. A camera stays at its
     * site. A new agent is a move: the old agent's open intervals of the camera's zones end there as unknown
     * ({@code camera_moved}), its later events of the camera are refused, its last status is forgotten.
     */
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
            Long agentId = in.agentId() == null ? row.agentId() : checkAgent(dao, in.agentId(), row.siteId());
            String password = blankToNull(in.password());
            boolean passwordChanged = in.password() != null && (password == null ? row.passwordSealed() != null
                    : row.passwordSealed() == null || !password.equals(secrets.open(row.passwordSealed(), PASSWORD)));
            String sealed = !passwordChanged ? row.passwordSealed() : password == null ? null : secrets.seal(password, PASSWORD);
            String username = in.username() == null ? row.username() : blankToNull(in.username());
            dao.updateCamera(id, agentId, Text.clean(in.name()), in.url().strip(), username, sealed, timeout(in),
                    in.enabled() == null ? row.enabled() : in.enabled(), Text.clean(in.note()));
            if (!Objects.equals(agentId, row.agentId())) {
                Instant now = clock.instant();
                dao.insertMove(id, row.agentId(), agentId, now, caller.id());
                dao.deleteStatus(id);
                if (row.agentId() != null) {
                    occupancy.cameraMoved(h, id, now);
                }
            }
            Camera after = view(h, dao.camera(id).orElseThrow());
            audit.record(h, caller, "camera.update", "camera", id, before.forAudit(), after.forAudit());
            if (!Objects.equals(username, row.username())) {
                audit.record(h, caller, "camera.username_changed", "camera", id, null,
                        Map.of("hasUsername", username != null));
            }
            if (passwordChanged) {
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
            CameraDao.AgentChoice agent = (camera.agentId() == null ? Optional.<CameraDao.AgentChoice>empty()
                    : dao.agent(camera.agentId())).filter(CameraDao.AgentChoice::active)
                    .orElseThrow(() -> new ConflictException("Camera " + cameraId + " has no active agent to ask; choose "
                            + "the agent that watches it on the camera's page"));
            long agentId = agent.id();
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

    /** What {@link #agentCameras} would answer as its version, at the cost of one query. */
    public String agentCamerasVersion(Caller agent) {
        return jdbi.withExtension(CameraVersionDao.class, dao -> dao.agentCamerasVersion(agent.id()));
    }

    /** The cameras this agent watches (never another agent's), with credentials and live zones. */
    public AgentCameras agentCameras(Caller agent) {
        return jdbi.withHandle(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            // The version first: should a change land between the two reads, the cameras are newer than their version
            // says, and the agent's next check fetches them again (the other order could leave it on the old ones).
            String version = dao.agentCamerasVersion(agent.id());
            List<CameraDao.CameraRow> rows = dao.camerasOfAgent(agent.id());
            Map<Long, List<CameraDao.ZoneRow>> zones = zonesOf(dao, rows);
            List<AgentCameras.AgentCamera> cameras = rows.stream().map(c -> new AgentCameras.AgentCamera(c.id(), c.name(), c.url(), c.username(),
                    c.passwordSealed() == null ? null : secrets.open(c.passwordSealed(), PASSWORD), c.timeoutSeconds(), c.enabled(), zones.getOrDefault(c.id(), List.of()).stream()
                    .map(z -> new AgentCameras.AgentZone(z.id(), z.counterId(), z.counterName(),
                            Polygons.fromJson(z.polygon()), z.calibrated()))
                    .toList())).toList();
            return new AgentCameras(version, cameras);
        });
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

    /** How old a steady camera's stored report may grow before a heartbeat refreshes it. */
    public long statusRefreshSeconds() {
        // A third of the silence limit: a steady camera's row stays fresh enough never to look silent.
        return Math.max(1, agentSilentAfter.toSeconds() / 3);
    }

    /**
     * A heartbeat's camera reports as migration 0262's {@code agent_heartbeat} reads them (in camera order, errors
     * without credentials). The statement leaves out the reports of cameras another agent watches (an agent with an
     * old list): they must not replace the real agent's.
     */
    public String reportsJson(List<CameraReport> reports) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (CameraReport r : reports.stream().sorted(java.util.Comparator.comparing(CameraReport::id)).toList()) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("camera_id", r.id());
            row.put("state", r.state());
            row.put("connected", r.connected());
            row.put("last_frame_at", r.lastFrameAt() == null ? null : r.lastFrameAt().toString());
            row.put("frames_analysed", r.framesAnalysed());
            row.put("keyframes_per_minute", r.keyframesPerMinute());
            row.put("reconnects", r.reconnects());
            row.put("last_error", Credentials.scrub(r.lastError()));
            row.put("zones", r.zones() == null ? List.of() : r.zones());
            row.put("codec", r.codec());
            row.put("width", r.width());
            row.put("height", r.height());
            row.put("keyframe_interval_seconds", r.keyframeIntervalSeconds());
            row.put("analysis", r.analysis());
            row.put("cpu_percent", r.cpuPercent());
            rows.add(row);
        }
        return toJson(rows);
    }

    /**
     * The heartbeat's cameras part when it names a camera without a stored report ({@code ingest.HeartbeatService}):
     * a camera of another site refuses the heartbeat; each camera this agent watches gets its first report stored
     * whole. In the caller's transaction, with the rest of the heartbeat.
     */
    public void createFirstReports(CameraReportDao dao, Caller agent, Instant at, Instant received,
                                   List<CameraReport> reports) {
        Map<Long, CameraReportDao.Watched> ours = dao.camerasOfSite(agent.agentSiteId()).stream()
                .collect(Collectors.toMap(CameraReportDao.Watched::id, c -> c));
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < reports.size(); i++) {
            if (!ours.containsKey(reports.get(i).id())) {
                problems.add("cameras[" + i + "].id: no camera " + reports.get(i).id() + " at this agent's site");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("The heartbeat names cameras this agent does not have", problems);
        }
        List<CameraReport> first = reports.stream().filter(r -> Objects.equals(ours.get(r.id()).agentId(), agent.id())
                && !ours.get(r.id()).reported()).toList();
        if (!first.isEmpty()) {
            dao.insertFirstStatuses(agent.id(), reportsJson(first), at, received);
        }
    }

    /**
     * Seals every camera password that is still plain (stored before sealing existed) or sealed with a previous
     * key, at start, each audited; after a key rotation the previous key is no longer needed once this has run.
     *
     * @return how many passwords it sealed
     * @throws IllegalStateException naming the cameras whose password no configured key opens; nothing is changed
     */
    public int sealPasswords() {
        return jdbi.inTransaction(h -> {
            CameraDao dao = h.attach(CameraDao.class);
            Caller system = Caller.system("secrets");
            List<String> unreadable = new ArrayList<>();
            int sealed = 0;
            for (CameraDao.CameraRow c : dao.lockCamerasWithPassword()) {
                String stored = c.passwordSealed();
                String plaintext;
                String was;
                if (!SecretBox.isSealed(stored)) {
                    plaintext = stored;
                    was = "plain text";
                } else if (secrets.sealedWithCurrentKey(stored)) {
                    continue;
                } else if (!secrets.canOpen(stored)) {
                    unreadable.add("camera " + c.id() + " (key " + SecretBox.keyIdOf(stored) + ")");
                    continue;
                } else {
                    plaintext = secrets.open(stored, PASSWORD);
                    was = "sealed with key " + SecretBox.keyIdOf(stored);
                }
                dao.resealPassword(c.id(), secrets.seal(plaintext, PASSWORD));
                audit.record(h, system, "camera.password_sealed", "camera", c.id(), Map.of("password", was),
                        Map.of("password", "sealed with key " + secrets.currentKeyId()));
                sealed++;
            }
            if (!unreadable.isEmpty()) {
                throw new IllegalStateException("secrets: no configured key opens the password of "
                        + String.join(", ", unreadable) + "; put the key file that sealed it in secrets.previousKeyFiles "
                        + "(README: key rotation)");
            }
            return sealed;
        });
    }

    // ---- reading rows into what people see ----

    private List<Camera> withZones(Handle h, List<CameraDao.CameraRow> rows) {
        CameraDao dao = h.attach(CameraDao.class);
        Map<Long, List<CameraDao.ZoneRow>> zones = zonesOf(dao, rows);
        Long[] ids = rows.stream().map(CameraDao.CameraRow::id).toArray(Long[]::new);
        Map<Long, CameraStatus> statuses = rows.isEmpty() ? Map.of()
                : dao.statuses(ids).stream().collect(Collectors.toMap(CameraDao.StatusRow::cameraId, this::status));
        Map<Long, List<Camera.CameraRefusal>> refusals = rows.isEmpty() ? Map.of()
                : dao.refusals(ids).stream().collect(Collectors.groupingBy(CameraDao.RefusalRow::cameraId,
                        Collectors.mapping(r -> new Camera.CameraRefusal(r.agentId(), r.agentName(), r.refused(),
                                r.lastRefusedAt(), r.lastReason()), Collectors.toList())));
        Instant now = clock.instant();
        return rows.stream().map(c -> new Camera(c.id(), c.siteId(), c.agentId(), c.name(), c.url(), c.username() != null,
                c.passwordSealed() != null, c.timeoutSeconds(), c.enabled(), c.note(), c.createdAt(), c.updatedAt(),
                zones.getOrDefault(c.id(), List.of()).stream().map(CameraService::zone).toList(),
                statuses.get(c.id()), CameraHealth.of(c.enabled(), statuses.get(c.id()), now, agentSilentAfter),
                StreamAdvice.of(statuses.get(c.id())), refusals.getOrDefault(c.id(), List.of()))).toList();
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
                s.keyframesPerMinute(), s.reconnects(), Credentials.scrub(s.lastError()), zones, s.reportedAt(), s.receivedAt(), s.codec(),
                s.width(), s.height(), s.keyframeIntervalSeconds(), s.analysis(), s.cpuPercent());
    }

    private static CameraZone liveZone(CameraDao dao, long cameraId, long zoneId, boolean lock) {
        Optional<CameraDao.ZoneRow> row = lock ? dao.lockZone(zoneId) : dao.zone(zoneId);
        return row.filter(z -> z.cameraId() == cameraId && z.removedAt() == null).map(CameraService::zone)
                .orElseThrow(() -> new NotFoundException("Camera " + cameraId + " has no zone " + zoneId));
    }

    /** The agent, if it is an active agent of the camera's site. */
    private static long checkAgent(CameraDao dao, long agentId, long siteId) {
        CameraDao.AgentChoice agent = dao.agent(agentId)
                .orElseThrow(() -> InvalidInputException.field("agentId", "is not a device agent"));
        if (agent.siteId() != siteId) {
            throw InvalidInputException.field("agentId", "is the agent '" + agent.name() + "' of another site: a camera is "
                    + "watched by an agent of its own site");
        }
        if (!agent.active()) {
            throw InvalidInputException.field("agentId", "is the deactivated agent '" + agent.name() + "'");
        }
        return agentId;
    }

    /** A new camera's agent when none is named: the site's only active agent, none without one, refused with several. */
    private static Long onlyAgent(CameraDao dao, long siteId) {
        List<CameraDao.AgentChoice> active = dao.agentsOfSite(siteId).stream().filter(CameraDao.AgentChoice::active).toList();
        if (active.size() > 1) {
            throw InvalidInputException.field("agentId", "is required: the site has " + active.size() + " active agents ("
                    + active.stream().map(a -> a.name() + " #" + a.id()).collect(Collectors.joining(", "))
                    + "); say which one watches this camera");
        }
        return active.isEmpty() ? null : active.get(0).id();
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

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
