package vn.onduty.agent.camera;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.log.Credentials;
import vn.onduty.agent.outbox.Backoff;

/**
 * One camera's video pipeline on a thread of its own: connect, take keyframes only, scale each to a
 * small blurred grayscale picture, and hand it to the camera's zones. Files are played at the pace
 * {@link Pacing} gives and looped (reopened at the end, their positions continuing); after a failure a
 * file plays anew from the moment it opens again. Any failure releases the grabber, with all
 * its native memory, and reconnects after an exponential backoff with jitter; the zones become
 * {@code unknown} (stream_lost) meanwhile. {@link #watch} (from the shared watchdog) declares the stream
 * lost when no keyframe came for twice the camera's timeout (not counting a file's wait for its next
 * keyframe to be due), even while the thread is still inside FFmpeg; the thread itself releases the
 * grabber the moment FFmpeg returns, which the {@code timeout} option bounds. One camera's trouble never
 * touches another's thread.
 */
public final class CameraPipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraPipeline.class);

    /**
     * @param width          working picture width (320)
     * @param height         working picture height (180); zones are normalised, so the source's aspect does not matter
     * @param blurRadius     box blur radius in working pixels (2)
     * @param reconnectMin   first reconnect waits up to this long
     * @param reconnectMax   reconnects never wait longer than this
     */
    public record Settings(int width, int height, int blurRadius, Duration reconnectMin, Duration reconnectMax) {

        public static Settings defaults() {
            return new Settings(320, 180, 2, Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
    }

    /**
     * What the heartbeat says of the camera.
     *
     * @param framesAnalysed keyframes analysed since this pipeline started (a changed camera starts a new one)
     */
    public record Status(long id, CameraState state, boolean connected, Instant lastFrameAt, int keyframesPerMinute,
                         long framesAnalysed, long reconnects, String lastError, List<ZoneStatus> zones) {
    }

    public record ZoneStatus(long id, ZoneState state, Instant since, double score) {
    }

    private final CameraSpec camera;
    private final Settings settings;
    private final Clock clock;
    private final Pacing pacing;
    private final Backoff backoff;
    private final Thread thread;
    private final Object lock = new Object();
    private final Map<Long, ZoneWatch> zones = new LinkedHashMap<>();
    private final ZoneMask whole;
    private final Deque<Long> recentFrames = new ArrayDeque<>();

    private volatile boolean running;
    private volatile boolean connected;
    private volatile Instant lastFrameAt;
    private volatile long lastProgressNanos;
    /** The thread is waiting for a file's next keyframe to be due: playing, not stuck in FFmpeg. */
    private volatile boolean waitingForPace;
    private volatile long reconnects;
    private volatile String lastError;
    private long keyframes;
    private boolean lostSignalled;
    private GrayImage previous;

    /**
     * @param machines each zone's state machine, carried across restarts of the camera so that states and
     *                 their {@code at} continue; every zone of {@code camera} must have one
     * @param pacing   for file sources; live sources are stamped with {@code clock}
     * @param autoCalibrateAfter see {@link ZoneWatch}; null when off
     */
    public CameraPipeline(CameraSpec camera, Map<Long, OccupancyStateMachine> machines, Settings settings,
                          CalibrationStore store, ZoneEvents events, Clock clock, Pacing pacing,
                          Duration autoCalibrateAfter, RandomGenerator random) {
        this.camera = camera;
        this.settings = settings;
        this.clock = clock;
        this.pacing = pacing;
        this.backoff = new Backoff(settings.reconnectMin(), settings.reconnectMax(), random);
        this.whole = ZoneMask.all(settings.width(), settings.height());
        for (ZoneSpec zone : camera.zones()) {
            OccupancyStateMachine machine = machines.get(zone.id());
            if (machine == null) {
                throw new IllegalArgumentException("no state machine for zone " + zone.id());
            }
            zones.put(zone.id(), new ZoneWatch(camera, zone, ZoneMask.of(zone.polygon(), settings.width(),
                    settings.height()), machine, store, events, autoCalibrateAfter));
        }
        this.thread = new Thread(this::run, "camera-" + camera.id());
        thread.setDaemon(true);
    }

    public CameraSpec camera() {
        return camera;
    }

    public void start() {
        running = true;
        lastProgressNanos = System.nanoTime();
        thread.start();
    }

    /**
     * Stops the thread and waits for it to release the grabber (at most the camera's timeout plus a
     * little, which FFmpeg's own timeout bounds). A calibration under way fails.
     */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(camera.timeoutSeconds()).plusSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Camera {} ({}) did not stop within its timeout; its thread is left to finish on its own",
                    camera.id(), camera.safeUrl());
        }
        synchronized (lock) {
            for (ZoneWatch zone : zones.values()) {
                zone.abandonCalibration("the camera was stopped or reconfigured while sampling");
            }
        }
    }

    public boolean alive() {
        return thread.isAlive();
    }

    /**
     * Starts calibrating a zone of this camera from the next keyframes.
     *
     * @return false when the camera has no such zone
     */
    public boolean calibrate(long zoneId, long commandId, Duration length, CalibrationProgress progress) {
        synchronized (lock) {
            ZoneWatch zone = zones.get(zoneId);
            if (zone == null) {
                return false;
            }
            Instant deadline = clock.instant().plus(length).plus(Duration.ofSeconds(2L * camera.timeoutSeconds() + 30));
            zone.startCalibration(commandId, length, deadline, progress);
            return true;
        }
    }

    /** The watchdog's look, about once a second: a stream silent for twice its timeout is lost. */
    public void watch() {
        // Read in this order: the thread sets the progress before it clears the flag.
        long silentNanos = waitingForPace ? 0 : System.nanoTime() - lastProgressNanos;
        synchronized (lock) {
            if (!lostSignalled && silentNanos > Duration.ofSeconds(2L * camera.timeoutSeconds()).toNanos()) {
                log.warn("Camera {} ({}): no keyframe for {} s; its zones are unknown until it streams again",
                        camera.id(), camera.safeUrl(), silentNanos / 1_000_000_000L);
                signalLost(lastFrameAt == null ? clock.instant() : lastFrameAt);
            }
            Instant now = clock.instant();
            for (ZoneWatch zone : zones.values()) {
                zone.checkCalibrationDeadline(now);
            }
        }
    }

    public Status status() {
        synchronized (lock) {
            long cutoff = System.nanoTime() - Duration.ofMinutes(1).toNanos();
            while (!recentFrames.isEmpty() && recentFrames.peekFirst() < cutoff) {
                recentFrames.pollFirst();
            }
            List<ZoneStatus> zoneStatuses = new ArrayList<>();
            for (ZoneWatch zone : zones.values()) {
                OccupancyStateMachine m = zone.machine();
                zoneStatuses.add(new ZoneStatus(zone.zone().id(), m.state(), m.since(), m.lastScore()));
            }
            boolean streaming = connected && !lostSignalled;
            return new Status(camera.id(), CameraState.of(running, thread.isAlive(), streaming), streaming, lastFrameAt,
                    recentFrames.size(), keyframes, reconnects, lastError, zoneStatuses);
        }
    }

    /** Keyframes analysed since the start, for tests and the benchmark. */
    public long keyframes() {
        synchronized (lock) {
            return keyframes;
        }
    }

    private void run() {
        try {
            while (running) {
                FFmpegFrameGrabber grabber = null;
                try {
                    grabber = FrameSources.openKeyframes(camera, settings.width(), settings.height());
                    connected = true;
                    log.info("Camera {} ({}) connected", camera.id(), camera.safeUrl());
                    // A file opened again after a failure plays anew from now, not from where its first start would be.
                    pacing.restart();
                    grabber = stream(grabber);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    if (running) {
                        String problem = describe(e);
                        if (!problem.equals(lastError)) {
                            log.warn("Camera {} ({}): {}", camera.id(), camera.safeUrl(), problem);
                        }
                        lastError = problem;
                    }
                } finally {
                    FrameSources.release(grabber);
                    connected = false;
                }
                if (!running) {
                    return;
                }
                synchronized (lock) {
                    signalLost(lastFrameAt == null ? clock.instant() : lastFrameAt);
                }
                reconnects++;
                Duration wait = backoff.next();
                Thread.sleep(Math.max(1, wait.toMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            // The pipeline ends (state stopped); the heartbeat carries why, for the admin's page.
            lastError = describe(e);
            log.error("Camera {} ({}) stopped: {}", camera.id(), camera.safeUrl(), lastError, e);
            throw e;
        }
    }

    /**
     * Reads keyframes until the stream fails or the pipeline stops. A file is reopened at its end and
     * played on, its positions continuing. @return the grabber in use at the end, for release
     */
    private FFmpegFrameGrabber stream(FFmpegFrameGrabber grabber) throws Exception {
        Duration loopStart = Duration.ZERO;
        long firstMicros = -1;
        long lastMicros = 0;
        while (running) {
            Frame frame = grabber.grabKeyFrame();
            if (frame == null) {
                if (camera.live()) {
                    throw new java.io.IOException("the stream ended");
                }
                // The next pass starts where this one's file ends, which is after its last keyframe.
                double fps = grabber.getFrameRate() > 0 ? grabber.getFrameRate() : 25;
                long played = Math.max(grabber.getLengthInTime(),
                        lastMicros - Math.max(firstMicros, 0) + (long) (1e6 / fps));
                loopStart = loopStart.plus(Duration.ofNanos(played * 1000L));
                FrameSources.release(grabber);
                grabber = null;
                grabber = FrameSources.openKeyframes(camera, settings.width(), settings.height());
                firstMicros = -1;
                continue;
            }
            if (frame.image == null || frame.image[0] == null) {
                continue;
            }
            Instant at;
            if (camera.live()) {
                at = clock.instant();
            } else {
                if (firstMicros < 0) {
                    firstMicros = frame.timestamp;
                }
                lastMicros = frame.timestamp;
                // A file's keyframes may lie further apart than twice the timeout (x264's default is 250
                // frames: 10.4 s at 24 fps); waiting for the next to be due is not silence.
                waitingForPace = true;
                try {
                    at = pacing.frameAt(loopStart.plus(Duration.ofNanos((frame.timestamp - firstMicros) * 1000L)));
                } finally {
                    lastProgressNanos = System.nanoTime();
                    waitingForPace = false;
                }
            }
            GrayImage image = GrayImage.fromBuffer((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight,
                    frame.imageStride).blurred(settings.blurRadius());
            keyframe(at, image);
            backoff.reset();
            if (lastError != null && connected) {
                lastError = null;
            }
        }
        return grabber;
    }

    private void keyframe(Instant at, GrayImage image) {
        synchronized (lock) {
            lastProgressNanos = System.nanoTime();
            recentFrames.addLast(lastProgressNanos);
            keyframes++;
            if (lostSignalled) {
                log.info("Camera {} ({}) streams again", camera.id(), camera.safeUrl());
            }
            lostSignalled = false;
            lastFrameAt = at;
            if (ZoneScorer.globalChange(image, previous, whole)) {
                // Lights switched, or the camera was moved: nothing in this frame says anything about seats.
                for (ZoneWatch zone : zones.values()) {
                    zone.abandonCalibration("the whole picture changed while sampling (lights? camera moved?)");
                    zone.unknown(at, Transition.GLOBAL_CHANGE);
                }
            } else {
                for (ZoneWatch zone : zones.values()) {
                    zone.frame(at, image, previous);
                }
            }
            previous = image;
        }
    }

    /** Caller holds the lock. */
    private void signalLost(Instant at) {
        if (lostSignalled) {
            return;
        }
        lostSignalled = true;
        previous = null;
        for (ZoneWatch zone : zones.values()) {
            zone.abandonCalibration("the stream was lost while sampling");
            zone.unknown(at, Transition.STREAM_LOST);
        }
    }

    /** Lets tests see a zone's calibration state. */
    Optional<Boolean> zoneCalibrated(long zoneId) {
        synchronized (lock) {
            ZoneWatch zone = zones.get(zoneId);
            return zone == null ? Optional.empty() : Optional.of(zone.calibrated());
        }
    }

    /** Never with the camera's user and password: JavaCV's "Could not open input" repeats the URL with them. */
    private static String describe(Throwable e) {
        String message = Credentials.scrub(e.getMessage());
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
