package vn.onduty.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.camera.CameraList;
import vn.onduty.agent.camera.CameraSpec;
import vn.onduty.agent.camera.Cameras;
import vn.onduty.agent.camera.ZoneSpec;
import vn.onduty.agent.http.AgentHttp;

/**
 * The camera side of the agent's talk with the server: polls {@code GET /api/agent/cameras} (with
 * {@code If-None-Match}, every {@code camera.pollSeconds}) and hands each new list to {@link Cameras};
 * carries out {@code camera_snapshot} (grab, upload with {@code PUT /api/agent/cameras/{id}/snapshot},
 * or post the step {@code failed}) and {@code calibrate_zone} (the pipeline samples and emits
 * {@code zone_calibrated}). Snapshots never go through the outbox. Credentials arrive here and go only
 * to {@link Cameras}; nothing here logs them.
 */
public final class CameraLink implements CommandHandler, AutoCloseable {

    static final String PATH = "/api/agent/cameras";
    private static final Logger log = LoggerFactory.getLogger(CameraLink.class);
    private static final int DEFAULT_CALIBRATION_SECONDS = 60;

    private final AgentHttp http;
    private final Cameras cameras;
    private final Duration pollEvery;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(daemon("camera-config"));
    /** Snapshots take a connection and a keyframe each; a short queue, one at a time, off the command thread. */
    private final ThreadPoolExecutor snapshots = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16), daemon("camera-snapshot"), new ThreadPoolExecutor.AbortPolicy());
    private volatile String trouble;
    private volatile boolean unsupportedLogged;

    public CameraLink(AgentHttp http, Cameras cameras, Duration pollEvery) {
        this.http = http;
        this.cameras = cameras;
        this.pollEvery = pollEvery;
    }

    /** Whether a command is one of the camera's. */
    public static boolean handles(AgentCommand command) {
        return AgentCommand.CAMERA_SNAPSHOT.equals(command.type()) || AgentCommand.CALIBRATE_ZONE.equals(command.type());
    }

    public void start() {
        poller.scheduleWithFixedDelay(this::pollQuietly, 0, pollEvery.toMillis(), TimeUnit.MILLISECONDS);
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
            CameraList list = parse(reply.bodyJson());
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

    /** Reads the server's camera list; a camera or zone that breaks the protocol fails the whole list. */
    static CameraList parse(JsonNode body) {
        if (!body.path("version").isTextual() || !body.path("cameras").isArray()) {
            throw new IllegalArgumentException("version and cameras are required");
        }
        List<CameraSpec> list = new ArrayList<>();
        for (JsonNode camera : body.path("cameras")) {
            List<ZoneSpec> zones = new ArrayList<>();
            for (JsonNode zone : camera.path("zones")) {
                List<ZoneSpec.Point> polygon = new ArrayList<>();
                for (JsonNode point : zone.path("polygon")) {
                    if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber() || !point.get(1).isNumber()) {
                        throw new IllegalArgumentException("zone " + zone.path("id") + ": a polygon point must be [x, y]");
                    }
                    polygon.add(new ZoneSpec.Point(point.get(0).asDouble(), point.get(1).asDouble()));
                }
                zones.add(new ZoneSpec(required(zone, "id"), required(zone, "counterId"), zone.path("counterName").asText(""),
                        polygon, zone.path("calibrated").asBoolean(false)));
            }
            if (!camera.path("url").isTextual() || camera.path("url").asText().isBlank()) {
                throw new IllegalArgumentException("camera " + camera.path("id") + " has no url");
            }
            list.add(new CameraSpec(required(camera, "id"), camera.path("name").asText(""), camera.path("url").asText(),
                    text(camera.path("username")), text(camera.path("password")), camera.path("timeoutSeconds").asInt(5),
                    camera.path("enabled").asBoolean(true), zones));
        }
        return new CameraList(body.path("version").asText(), list);
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
            long seconds = command.number("seconds").orElse(DEFAULT_CALIBRATION_SECONDS);
            if (zoneId.isEmpty() || seconds < 5 || seconds > 3_600) {
                progress.step(ProgressReporter.FAILED, "calibrate_zone needs a zoneId and 5-3600 seconds");
                return;
            }
            cameras.calibrate(command.id(), cameraId.getAsLong(), zoneId.getAsLong(), Duration.ofSeconds(seconds),
                    progress::step);
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
            log.warn("Snapshot of camera {} (command {}) failed: {}", cameraId, commandId, e.getMessage());
            progress.step(ProgressReporter.FAILED, "no picture from the camera: " + e.getMessage());
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

    private static long required(JsonNode node, String field) {
        if (!node.path(field).canConvertToLong()) {
            throw new IllegalArgumentException(field + " is required in " + (node.has("id") ? "id " + node.get("id") : "an entry"));
        }
        return node.path(field).asLong();
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
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
