package vn.onduty.agent.camera;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.outbox.EventSink;

/**
 * All of the agent's cameras: follows the list the server gives ({@link #apply}) without a restart,
 * runs one {@link CameraPipeline} per enabled camera, turns what the zones find into outbox events on
 * the stream {@code camera-<id>}, and carries out the camera commands. Knows nothing of HTTP.
 *
 * <p>Each zone keeps one {@link OccupancyStateMachine} for the whole run, across restarts of its camera,
 * so its states and their {@code at} continue. At the first camera list every zone starts as
 * {@code unknown}/{@code agent_start}; a zone that goes away (camera removed, disabled, or the zone
 * deleted) is closed with {@code unknown}/{@code camera_removed}.
 */
public final class Cameras implements ZoneEvents, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Cameras.class);

    /**
     * @param autoCalibrate     take a zone's first still spell as its reference when the server says it is not calibrated
     * @param autoCalibrateAfter how long that still spell must last
     * @param states            dwell and hysteresis of every zone
     * @param pipeline          working picture and reconnect settings
     */
    public record Settings(boolean autoCalibrate, Duration autoCalibrateAfter, OccupancyStateMachine.Settings states,
                           CameraPipeline.Settings pipeline) {

        public static Settings defaults() {
            return new Settings(false, Duration.ofSeconds(60), OccupancyStateMachine.Settings.defaults(),
                    CameraPipeline.Settings.defaults());
        }
    }

    private final Settings settings;
    private final EventSink events;
    private final CalibrationStore store;
    private final Clock clock;
    private final Supplier<Pacing> filePacing;
    private final RandomGenerator random;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "camera-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<Long, CameraPipeline> running = new LinkedHashMap<>();
    /** Every camera of the list applied last, enabled or not, for the heartbeat. */
    private List<CameraSpec> listed = List.of();
    private final Map<Long, OccupancyStateMachine> machines = new HashMap<>();
    /** When the agent started: its zones' agent_start. */
    private final Instant startedAt;
    private String version;
    private boolean started;
    private boolean closed;

    /**
     * Made as the agent starts, before its first heartbeat: this moment is every zone's agent_start.
     *
     * @param filePacing a fresh pacing for each file source; {@code () -> Pacing.realTime(clock)} in production
     */
    public Cameras(Settings settings, EventSink events, CalibrationStore store, Clock clock, Supplier<Pacing> filePacing,
                   RandomGenerator random) {
        this.settings = settings;
        this.events = events;
        this.store = store;
        this.clock = clock;
        this.filePacing = filePacing;
        this.random = random;
        this.startedAt = clock.instant();
        watchdog.scheduleWithFixedDelay(this::watchQuietly, 1, 1, TimeUnit.SECONDS);
    }

    /** The version of the camera list applied last; null before the first. */
    public synchronized String version() {
        return version;
    }

    /**
     * Makes the running cameras those of {@code list}: starts new ones, stops removed or disabled ones
     * (their zones become unknown/camera_removed), restarts those whose URL, credentials, timeout or zones
     * changed. Cameras that did not change keep running untouched.
     */
    public synchronized void apply(CameraList list) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        Map<Long, CameraSpec> wanted = new LinkedHashMap<>();
        for (CameraSpec camera : list.cameras()) {
            if (camera.enabled()) {
                wanted.put(camera.id(), camera);
            }
        }
        if (!started) {
            // Every zone starts unknown, so the server closes anything left open by a crash of the last run.
            // From the agent's start, not from this first list: the server ends that crashed run's state at
            // its last heartbeat before agent_start, and this run's first heartbeat went out before the list came.
            for (CameraSpec camera : wanted.values()) {
                for (ZoneSpec zone : camera.zones()) {
                    OccupancyStateMachine machine = new OccupancyStateMachine(settings.states(), ZoneState.UNKNOWN,
                            Transition.AGENT_START, startedAt);
                    machines.put(zone.id(), machine);
                    transition(camera, zone, new Transition(ZoneState.UNKNOWN, startedAt, 0, Transition.AGENT_START));
                }
            }
            started = true;
        }
        for (CameraPipeline pipeline : new ArrayList<>(running.values())) {
            CameraSpec before = pipeline.camera();
            CameraSpec after = wanted.get(before.id());
            if (after == null || after.needsRestartComparedTo(before)) {
                log.info("Camera {} ({}) {}", before.id(), before.safeUrl(), after == null ? "removed or disabled: stopping"
                        : "changed: restarting");
                pipeline.close();
                running.remove(before.id());
                Set<Long> kept = new HashSet<>();
                if (after != null) {
                    after.zones().forEach(z -> kept.add(z.id()));
                }
                for (ZoneSpec zone : before.zones()) {
                    if (!kept.contains(zone.id())) {
                        OccupancyStateMachine machine = machines.remove(zone.id());
                        if (machine != null) {
                            machine.unknown(clock.instant(), Transition.CAMERA_REMOVED)
                                    .ifPresent(t -> transition(before, zone, t));
                        }
                    }
                }
            }
        }
        for (CameraSpec camera : wanted.values()) {
            if (running.containsKey(camera.id())) {
                continue;
            }
            for (ZoneSpec zone : camera.zones()) {
                // A zone new in this run starts unknown without saying so: its first real state follows.
                machines.computeIfAbsent(zone.id(), id -> new OccupancyStateMachine(settings.states(), ZoneState.UNKNOWN,
                        null, now));
            }
            CameraPipeline pipeline = new CameraPipeline(camera, machines, settings.pipeline(), store, this, clock,
                    filePacing.get(), settings.autoCalibrate() ? settings.autoCalibrateAfter() : null, random);
            running.put(camera.id(), pipeline);
            pipeline.start();
            log.info("Camera {} '{}' ({}) started with {} zone(s)", camera.id(), camera.name(), camera.safeUrl(),
                    camera.zones().size());
        }
        version = list.version();
        listed = list.cameras();
    }

    /**
     * One status object per camera of the list applied last, in its order, as the heartbeat's {@code cameras}
     * shows it: a running camera as its pipeline is, a disabled one (or any after {@link #close}) stopped.
     */
    public List<Map<String, Object>> statuses() {
        List<CameraSpec> cameras;
        Map<Long, CameraPipeline> pipelines;
        synchronized (this) {
            cameras = listed;
            pipelines = new HashMap<>(running);
        }
        List<Map<String, Object>> statuses = new ArrayList<>();
        for (CameraSpec camera : cameras) {
            CameraPipeline pipeline = pipelines.get(camera.id());
            statuses.add(wire(pipeline != null ? pipeline.status()
                    : new CameraPipeline.Status(camera.id(), CameraState.STOPPED, false, null, 0, 0, 0, null,
                            CameraPipeline.StreamFacts.NONE, List.of())));
        }
        return statuses;
    }

    /** A camera's status in the heartbeat's words (docs/agent-protocol.md); never its URL or credentials. */
    static Map<String, Object> wire(CameraPipeline.Status s) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", s.id());
        status.put("state", s.state().wire());
        status.put("connected", s.connected());
        status.put("lastFrameAt", s.lastFrameAt() == null ? null : s.lastFrameAt().toString());
        status.put("framesAnalysed", s.framesAnalysed());
        status.put("keyframesPerMinute", s.keyframesPerMinute());
        status.put("reconnects", s.reconnects());
        status.put("lastError", s.lastError());
        CameraPipeline.StreamFacts stream = s.stream();
        status.put("codec", stream.codec());
        status.put("width", stream.width());
        status.put("height", stream.height());
        status.put("keyframeIntervalSeconds", stream.keyframeIntervalSeconds() == null ? null
                : Math.round(stream.keyframeIntervalSeconds() * 10) / 10.0);
        status.put("analysis", stream.analysis());
        status.put("cpuPercent", stream.cpuPercent());
        List<Map<String, Object>> zones = new ArrayList<>();
        for (CameraPipeline.ZoneStatus z : s.zones()) {
            Map<String, Object> zone = new LinkedHashMap<>();
            zone.put("id", z.id());
            zone.put("state", z.state().wire());
            zone.put("since", z.since() == null ? null : z.since().toString());
            zone.put("score", round(z.score()));
            zones.add(zone);
        }
        status.put("zones", zones);
        return status;
    }

    /** The running camera with this id, for a snapshot or a calibration. */
    public synchronized Optional<CameraSpec> camera(long cameraId) {
        CameraPipeline pipeline = running.get(cameraId);
        return pipeline == null ? Optional.empty() : Optional.of(pipeline.camera());
    }

    /** A JPEG of one keyframe of the camera, through a connection of its own. */
    public byte[] snapshot(long cameraId) throws IOException {
        CameraSpec camera = camera(cameraId).orElseThrow(() -> new IOException(
                "this agent runs no camera " + cameraId + " (unknown, disabled, or not yet received from the server)"));
        return FrameSources.snapshotJpeg(camera);
    }

    /**
     * Starts a calibration command; its end comes as a {@code zone_calibrated} event. A camera or zone
     * this agent does not run gets the failed event at once, so the command does not stay open forever.
     */
    public synchronized void calibrate(long commandId, long cameraId, long zoneId, Duration length,
                                       CalibrationProgress progress) {
        CameraPipeline pipeline = running.get(cameraId);
        if (pipeline != null && pipeline.calibrate(zoneId, commandId, length, progress)) {
            return;
        }
        calibrationFailed(commandId, cameraId, zoneId,
                pipeline == null ? "this agent runs no camera " + cameraId : "camera " + cameraId + " has no zone " + zoneId);
    }

    /**
     * Calibrates a zone from a snapshot an admin picked ({@link CameraPipeline#calibrateFromSnapshot}); a camera or
     * zone this agent does not run gets the failed event at once.
     */
    public void calibrateFromSnapshot(long commandId, long cameraId, long zoneId, long snapshotId, byte[] jpeg) {
        CameraPipeline pipeline;
        synchronized (this) {
            pipeline = running.get(cameraId);
        }
        if (pipeline != null && pipeline.calibrateFromSnapshot(zoneId, commandId, jpeg, clock.instant(), snapshotId)) {
            return;
        }
        calibrationFailed(commandId, cameraId, zoneId,
                pipeline == null ? "this agent runs no camera " + cameraId : "camera " + cameraId + " has no zone " + zoneId);
    }

    /** Ends a calibration command that cannot start, so it does not stay open forever. */
    public void calibrationFailed(long commandId, long cameraId, long zoneId, String error) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cameraId", cameraId);
        fields.put("zoneId", zoneId);
        fields.put("commandId", commandId);
        fields.put("ok", false);
        fields.put("error", error);
        emit("camera-" + cameraId, "zone_calibrated", clock.instant(), fields);
        log.warn("Calibration command {} failed: {}", commandId, error);
    }

    /** Stops every camera. Zones are not closed: the next start's agent_start does that on the server. */
    @Override
    public synchronized void close() {
        closed = true;
        watchdog.shutdownNow();
        for (CameraPipeline pipeline : running.values()) {
            pipeline.close();
        }
        running.clear();
    }

    /** Threads of running cameras still alive, for tests and the health page. */
    public synchronized int runningCount() {
        return running.size();
    }

    // ZoneEvents -------------------------------------------------------------------------------------

    @Override
    public void transition(CameraSpec camera, ZoneSpec zone, Transition transition) {
        Map<String, Object> fields = zoneFields(camera, zone);
        fields.put("state", transition.state().wire());
        fields.put("score", round(transition.score()));
        fields.put("reason", transition.reason());
        emit(camera.stream(), "occupancy", transition.at(), fields);
        log.info("Camera {} zone {} (counter {}): {}{} from {}", camera.id(), zone.id(), zone.counterId(),
                transition.state().wire(), transition.reason() == null ? "" : " (" + transition.reason() + ")", transition.at());
    }

    @Override
    public void attention(CameraSpec camera, ZoneSpec zone) {
        Map<String, Object> fields = zoneFields(camera, zone);
        fields.put("reason", "recalibrate");
        emit(camera.stream(), "zone_attention", clock.instant(), fields);
        log.warn("Camera {} zone {} has looked different but motionless for long: it probably needs a new calibration",
                camera.id(), zone.id());
    }

    @Override
    public void calibrated(CameraSpec camera, ZoneSpec zone, long commandId, CalibrationOutcome outcome) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cameraId", camera.id());
        fields.put("zoneId", zone.id());
        fields.put("commandId", commandId);
        fields.put("ok", outcome.ok());
        if (outcome.ok()) {
            ZoneCalibration c = outcome.calibration();
            fields.put("samples", c.samples());
            fields.put("mean", round(c.mean()));
            fields.put("sd", round(c.sd()));
            fields.put("threshold", round(c.threshold()));
            if (c.snapshotId() != null) {
                fields.put("snapshotId", c.snapshotId());
            }
            log.info("Camera {} zone {} calibrated from {} pictures: mean {}, sd {}, threshold {}", camera.id(), zone.id(),
                    c.samples(), round(c.mean()), round(c.sd()), round(c.threshold()));
        } else {
            fields.put("error", outcome.error());
            log.warn("Camera {} zone {} calibration (command {}) failed: {}", camera.id(), zone.id(), commandId,
                    outcome.error());
        }
        emit(camera.stream(), "zone_calibrated", clock.instant(), fields);
    }

    private static Map<String, Object> zoneFields(CameraSpec camera, ZoneSpec zone) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cameraId", camera.id());
        fields.put("zoneId", zone.id());
        fields.put("counterId", zone.counterId());
        return fields;
    }

    private void emit(String stream, String type, Instant at, Map<String, Object> fields) {
        try {
            events.emit(stream, type, at, fields);
        } catch (RuntimeException e) {
            // The outbox refusing a write (disk full) must not kill a camera thread; the next change is tried again.
            log.error("Cannot store the {} event of {}: {}", type, stream, e.getMessage(), e);
        }
    }

    private void watchQuietly() {
        List<CameraPipeline> pipelines;
        synchronized (this) {
            pipelines = new ArrayList<>(running.values());
        }
        for (CameraPipeline pipeline : pipelines) {
            try {
                pipeline.watch();
            } catch (RuntimeException e) {
                log.error("Camera watchdog failed for camera {}: {}", pipeline.camera().id(), e.getMessage(), e);
            }
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
