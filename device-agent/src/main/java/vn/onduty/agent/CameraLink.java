package vn.onduty.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.camera.CameraList;
import vn.onduty.agent.camera.CameraListCache;
import vn.onduty.agent.camera.CameraSpec;
import vn.onduty.agent.camera.Cameras;
import vn.onduty.agent.http.AgentHttp;
import vn.onduty.agent.log.Credentials;

/**
 * The camera side of the agent's talk with the server: polls {@code GET /api/agent/cameras} (with
 * {@code If-None-Match}, every {@code camera.pollSeconds}) and hands each new list to {@link Cameras};
 * carries out {@code camera_snapshot} (grab, upload with {@code PUT /api/agent/cameras/{id}/snapshot},
 * or post the step {@code failed}) and {@code calibrate_zone} (the pipeline samples, or takes the snapshot
 * the command names from {@code GET /api/agent/cameras/{id}/snapshots/{snapshotId}}, and emits
 * {@code zone_calibrated}). Snapshots never go through the outbox. Credentials arrive here and go only
 * to {@link Cameras} and the agent's own copy of the list ({@link CameraListCache}, readable by the agent's
 * user only); nothing here logs them.
 *
 * <p>Each new list is kept on disk; at start the kept list is applied at once ({@link #startFromCache}), so an
 * agent restarted while the server is down still watches its cameras. Its version goes in the first
 * {@code If-None-Match}: a {@code 304} keeps it, a new list replaces it.
 *
 * <p>A server that names the list's version in its heartbeat answers ({@code camerasVersion}) spares the periodic
 * check: the list is fetched when the named version is not the one applied ({@link #announced}), and the check every
 * {@code camera.pollSeconds} runs only while no heartbeat answer has named one for two of its periods (an older
 * server, or a server that cannot be reached). A fleet of idle agents thus asks nothing about cameras.
 */
public final class CameraLink implements CommandHandler, AutoCloseable {

    static final String PATH = "/api/agent/cameras";
    private static final Logger log = LoggerFactory.getLogger(CameraLink.class);
    private static final int DEFAULT_CALIBRATION_SECONDS = 60;

    private final AgentHttp http;
    private final Cameras cameras;
    private final CameraListCache cache;
    private final Duration pollEvery;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(daemon("camera-config"));
    /** Snapshots take a connection and a keyframe each; a short queue, one at a time, off the command thread. */
    private final ThreadPoolExecutor snapshots = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), daemon("camera-snapshot"), new ThreadPoolExecutor.AbortPolicy());
    private volatile String trouble;
    private volatile boolean unsupportedLogged;
    /** When a heartbeat answer last named the list's version (System.nanoTime); 0: never. */
    private volatile long announcedAtNanos;
    private final AtomicBoolean fetchQueued = new AtomicBoolean();

    public CameraLink(AgentHttp http, Cameras cameras, CameraListCache cache, Duration pollEvery) {
        this.http = http;
        this.cameras = cameras;
        this.cache = cache;
        this.pollEvery = pollEvery;
    }

    /** Whether a command is one of the camera's. */
    public static boolean handles(AgentCommand command) {
        return AgentCommand.CAMERA_SNAPSHOT.equals(command.type()) || AgentCommand.CALIBRATE_ZONE.equals(command.type());
    }

    /**
     * Starts the cameras of the list kept on disk, before the server has said anything.
     *
     * @return whether a kept list was applied
     */
    public boolean startFromCache() {
        Optional<CameraList> kept = cache.load();
        if (kept.isEmpty()) {
            return false;
        }
        CameraList list = kept.get();
        cameras.apply(list);
        log.info("Watching the {} enabled camera(s) of the list kept on disk (version {}) until the server answers",
                list.cameras().stream().filter(CameraSpec::enabled).count(), list.version());
        return true;
    }

    public void start() {
        poller.scheduleWithFixedDelay(this::checkUnlessAnnounced, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The version of its camera list the server named in a heartbeat answer: when it is not the one applied, the list
     * is fetched now (once, however many answers name it meanwhile).
     */
    public void announced(String version) {
        announcedAtNanos = System.nanoTime();
        if (version.equals(cameras.version()) || !fetchQueued.compareAndSet(false, true)) {
            return;
        }
        try {
            poller.execute(() -> {
                fetchQueued.set(false);
                pollQuietly();
            });
        } catch (RejectedExecutionException e) {
            fetchQueued.set(false); // closing
        }
    }

    private void checkUnlessAnnounced() {
        long since = announcedAtNanos;
        if (since != 0 && System.nanoTime() - since < 2 * pollEvery.toNanos()) {
            return;
        }
        pollQuietly();
    }

    /**
     * Asks once for the camera list and applies it when it changed.
     *
     * @return whether a new list was applied
     */
    public boolean poll() throws InterruptedException {
        String version = cameras.version();
        try {
            AgentHttp.Reply reply = http.getIfNoneMatch(PATH, version == null ? null : "\"" + version + "\"");
            if (reply.status() == 304) {
                trouble = recovered();
                return false;
            }
            if (reply.status() == 404 && !unsupportedLogged) {
                unsupportedLogged = true;
                log.info("The server has no camera list for agents ({}); cameras stay off until it has", reply);
                return false;
            }
            if (!reply.ok()) {
                trouble("answered " + reply);
                return false;
            }
            JsonNode answer = reply.bodyJson();
            CameraList list = CameraList.parse(answer);
            // Kept first: a list the agent acts on is one it would act on again after a restart.
            keep(answer);
            cameras.apply(list);
            trouble = recovered();
            log.info("Camera list version {}: {} camera(s), {} enabled", list.version(), list.cameras().size(),
                    list.cameras().stream().filter(CameraSpec::enabled).count());
            return true;
        } catch (JsonProcessingException e) {
            trouble("answered unreadable JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            trouble("answered a camera list the agent cannot use: " + e.getMessage());
        } catch (IOException e) {
            trouble("failed, cannot reach " + http.uri("") + ": " + AgentHttp.describe(e));
        }
        return false;
    }

    @Override
    public void handle(AgentCommand command, ProgressReporter progress) {
        OptionalLong cameraId = command.number("cameraId");
        if (cameraId.isEmpty()) {
            progress.step(ProgressReporter.FAILED, "the command names no cameraId");
            return;
        }
        if (AgentCommand.CAMERA_SNAPSHOT.equals(command.type())) {
            try {
                snapshots.execute(() -> snapshot(command.id(), cameraId.getAsLong(), progress));
            } catch (RejectedExecutionException e) {
                progress.step(ProgressReporter.FAILED, "too many snapshots asked for at once; ask again in a moment");
            }
        } else if (AgentCommand.CALIBRATE_ZONE.equals(command.type())) {
            OptionalLong zoneId = command.number("zoneId");
            OptionalLong snapshotId = command.number("snapshotId");
            if (zoneId.isEmpty()) {
                progress.step(ProgressReporter.FAILED, "calibrate_zone needs a zoneId");
                return;
            }
            if (snapshotId.isPresent()) {
                try {
                    snapshots.execute(() -> calibrateFromSnapshot(command.id(), cameraId.getAsLong(), zoneId.getAsLong(),
                            snapshotId.getAsLong()));
                } catch (RejectedExecutionException e) {
                    progress.step(ProgressReporter.FAILED, "too many snapshots asked for at once; ask again in a moment");
                }
                return;
            }
            long seconds = command.number("seconds").orElse(DEFAULT_CALIBRATION_SECONDS);
            if (seconds < 5 || seconds > 3_600) {
                progress.step(ProgressReporter.FAILED, "calibrate_zone needs 5-3600 seconds or a snapshotId");
                return;
            }
            cameras.calibrate(command.id(), cameraId.getAsLong(), zoneId.getAsLong(), Duration.ofSeconds(seconds),
                    progress::step);
        }
    }

    /** Fetches the snapshot the admin picked from the server and makes it the zone's empty-seat reference. */
    private void calibrateFromSnapshot(long commandId, long cameraId, long zoneId, long snapshotId) {
        try {
            AgentHttp.Download download = http.getBytes(PATH + "/" + cameraId + "/snapshots/" + snapshotId
                    + "?commandId=" + commandId, "image/jpeg");
            if (!download.ok()) {
                cameras.calibrationFailed(commandId, cameraId, zoneId, "the server did not give snapshot " + snapshotId
                        + ": " + download.reply().message());
                return;
            }
            cameras.calibrateFromSnapshot(commandId, cameraId, zoneId, snapshotId, download.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // The command stays open on the server; it is handed over again at the agent's next start, or expires.
            log.warn("Snapshot {} for calibration command {} could not be fetched: {}", snapshotId, commandId,
                    e.getMessage());
        }
    }

    private void snapshot(long commandId, long cameraId, ProgressReporter progress) {
        try {
            byte[] jpeg = cameras.snapshot(cameraId);
            AgentHttp.Reply reply = http.put(PATH + "/" + cameraId + "/snapshot?commandId=" + commandId, "image/jpeg", jpeg);
            if (!reply.ok()) {
                log.warn("Snapshot of camera {} (command {}) refused by the server: {}", cameraId, commandId, reply);
                progress.step(ProgressReporter.FAILED, "the server refused the snapshot: " + reply.message());
                return;
            }
            log.info("Snapshot of camera {} uploaded ({} KiB, command {})", cameraId, jpeg.length / 1024, commandId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // FFmpeg's message repeats the URL with the camera's user and password.
            String why = Credentials.scrub(e.getMessage());
            log.warn("Snapshot of camera {} (command {}) failed: {}", cameraId, commandId, why);
            progress.step(ProgressReporter.FAILED, "no picture from the camera: " + why);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        snapshots.shutdownNow();
        try {
            poller.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A list that cannot be kept still runs now; only a restart without the server would miss it. */
    private void keep(JsonNode answer) {
        try {
            cache.save(answer);
        } catch (UncheckedIOException e) {
            log.warn("{}; the cameras run, but an agent restarted while the server is away would not find them",
                    e.getMessage());
        }
    }

    private void trouble(String problem) {
        if (!problem.equals(trouble)) {
            log.warn("Camera list poll {}", problem);
        }
        trouble = problem;
    }

    private String recovered() {
        if (trouble != null) {
            log.info("Camera list poll works again");
        }
        return null;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("Camera list poll failed: {}", e.getMessage(), e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
