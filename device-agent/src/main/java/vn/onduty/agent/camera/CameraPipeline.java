package vn.onduty.agent.camera;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.agent.log.Credentials;
import vn.onduty.agent.outbox.Backoff;

/**
 * One camera's video pipeline on a thread of its own: connect, read every packet of the video, decode what
 * the analysis needs ({@link KeyframeCadence}: keyframes alone when they come at most 4 s apart, else every
 * packet from a keyframe on with one picture analysed every 2 s), scale each analysed picture to a small
 * blurred grayscale image, and hand it to the camera's zones. Files are played at the pace {@link Pacing}
 * gives and looped (reopened at the end, their positions continuing); after a failure a file plays anew from
 * the moment it opens again. Any failure releases the stream, with all its native memory, and reconnects
 * after an exponential backoff with jitter; the zones become {@code unknown} (stream_lost) meanwhile.
 * {@link #watch} (from the shared watchdog) declares the stream lost by {@link StreamLoss}'s rules: no video
 * packet for the camera's timeout (not counting a file's wait for its next picture to be due), even while
 * the thread is still inside FFmpeg; the thread itself releases the stream the moment FFmpeg returns, which
 * the {@code timeout} option bounds. One camera's trouble never touches another's thread.
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
     * @param keyframesPerMinute keyframes the camera sent in the last minute
     * @param framesAnalysed     pictures analysed since this pipeline started (a changed camera starts a new one)
     * @param stream             what the camera sends and what analysing it costs; {@link StreamFacts#NONE} before
     *                           it was first opened
     */
    public record Status(long id, CameraState state, boolean connected, Instant lastFrameAt, int keyframesPerMinute,
                         long framesAnalysed, long reconnects, String lastError, StreamFacts stream,
                         List<ZoneStatus> zones) {
    }

    /**
     * @param codec                   FFmpeg's name of the video codec (h264, hevc...)
     * @param width                   the picture width the camera sends
     * @param height                  its height
     * @param keyframeIntervalSeconds the longest of the latest keyframe intervals (or the gap now running)
     * @param analysis                {@code keyframes} or {@code bounded} ({@link KeyframeCadence.Analysis})
     * @param cpuPercent              CPU time of the camera's thread over about the last minute, in % of one core
     */
    public record StreamFacts(String codec, Integer width, Integer height, Double keyframeIntervalSeconds,
                              String analysis, Double cpuPercent) {

        public static final StreamFacts NONE = new StreamFacts(null, null, null, null, null, null);
    }

    public record ZoneStatus(long id, ZoneState state, Instant since, double score) {
    }

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final long BOUNDED_EVERY_MICROS = KeyframeCadence.BOUNDED_EVERY.toNanos() / 1_000;

    private final CameraSpec camera;
    private final Settings settings;
    private final Clock clock;
    private final Pacing pacing;
    private final Backoff backoff;
    private final Thread thread;
    private final Object lock = new Object();
    private final Map<Long, ZoneWatch> zones = new LinkedHashMap<>();
    private final ZoneMask whole;
    private final Deque<Long> recentKeyframes = new ArrayDeque<>();
    /** (nanoTime, thread CPU nanos) pairs from the last minute's status calls, for the CPU figure. */
    private final Deque<long[]> cpuSamples = new ArrayDeque<>();
    /** Written on the camera's thread only; read under the lock. */
    private final KeyframeCadence cadence = new KeyframeCadence();

    private volatile boolean running;
    private volatile boolean connected;
    private volatile Instant lastFrameAt;
    /** The last video packet (or the start of opening the stream, before any). */
    private volatile long lastPacketNanos;
    /** The last picture analysed (or the moment the stream was opened, before any). */
    private volatile long lastPictureNanos;
    /** The thread is waiting for a file's next picture to be due: playing, not stuck in FFmpeg. */
    private volatile boolean waitingForPace;
    private volatile long reconnects;
    private volatile String lastError;
    private volatile String codec;
    private volatile Integer sourceWidth;
    private volatile Integer sourceHeight;
    /** The stream the thread reads; a file's replaces it at each pass. Camera thread only. */
    private VideoStream video;
    private long framesAnalysed;
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
        lastPacketNanos = System.nanoTime();
        lastPictureNanos = lastPacketNanos;
        thread.start();
    }

    /**
     * Stops the thread and waits for it to release the stream (at most the camera's timeout plus a
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
     * Starts calibrating a zone of this camera from the next pictures analysed.
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

    /**
     * Takes a JPEG snapshot an admin picked, taken while the seat was empty, as a zone's reference from
     * {@code at} on; the command ends with a {@code zone_calibrated} event either way.
     *
     * @return false when the camera has no such zone
     */
    public boolean calibrateFromSnapshot(long zoneId, long commandId, byte[] jpeg, Instant at, long snapshotId) {
        GrayImage reference;
        String problem = null;
        try {
            reference = SnapshotReference.fromJpeg(jpeg, settings.width(), settings.height(), settings.blurRadius());
        } catch (java.io.IOException e) {
            reference = null;
            problem = e.getMessage();
        }
        synchronized (lock) {
            ZoneWatch zone = zones.get(zoneId);
            if (zone == null) {
                return false;
            }
            if (reference == null) {
                zone.abandonCalibration("replaced by calibration command " + commandId);
                zone.failCalibration(commandId, problem);
            } else {
                zone.calibrateFromSnapshot(commandId, reference, at, snapshotId);
            }
            return true;
        }
    }

    /** The watchdog's look, about once a second: a stream whose video packets stopped is lost ({@link StreamLoss}). */
    public void watch() {
        long now = System.nanoTime();
        // Read in this order: the thread sets the progress before it clears the flag.
        boolean pacing = waitingForPace;
        Duration sincePacket = pacing ? Duration.ZERO : Duration.ofNanos(now - lastPacketNanos);
        Duration sincePicture = pacing ? Duration.ZERO : Duration.ofNanos(now - lastPictureNanos);
        synchronized (lock) {
            if (!lostSignalled) {
                StreamLoss.why(connected, sincePacket, sincePicture, Duration.ofSeconds(camera.timeoutSeconds()),
                        cadence.longestInterval()).ifPresent(why -> {
                            log.warn("Camera {} ({}): {}; its zones are unknown until it streams again", camera.id(),
                                    camera.safeUrl(), why);
                            if (connected) {
                                lastError = why;
                            }
                            signalLost(lastFrameAt == null ? clock.instant() : lastFrameAt);
                        });
            }
            Instant at = clock.instant();
            for (ZoneWatch zone : zones.values()) {
                zone.checkCalibrationDeadline(at);
            }
        }
    }

    public Status status() {
        synchronized (lock) {
            long now = System.nanoTime();
            long cutoff = now - Duration.ofMinutes(1).toNanos();
            while (!recentKeyframes.isEmpty() && recentKeyframes.peekFirst() < cutoff) {
                recentKeyframes.pollFirst();
            }
            List<ZoneStatus> zoneStatuses = new ArrayList<>();
            for (ZoneWatch zone : zones.values()) {
                OccupancyStateMachine m = zone.machine();
                zoneStatuses.add(new ZoneStatus(zone.zone().id(), m.state(), m.since(), m.lastScore()));
            }
            boolean streaming = connected && !lostSignalled;
            StreamFacts stream = codec == null ? StreamFacts.NONE : new StreamFacts(codec, sourceWidth, sourceHeight,
                    cadence.longestSeconds(), cadence.analysis().wire(), cpuPercent(now));
            return new Status(camera.id(), CameraState.of(running, thread.isAlive(), streaming), streaming, lastFrameAt,
                    recentKeyframes.size(), framesAnalysed, reconnects, lastError, stream, zoneStatuses);
        }
    }

    /** Pictures analysed since the start, for tests and the benchmark. */
    public long framesAnalysed() {
        synchronized (lock) {
            return framesAnalysed;
        }
    }

    /** The CPU time of the camera's thread so far, for the benchmark; -1 when the JVM cannot tell. */
    public long cpuNanos() {
        return thread.isAlive() ? CPU.getThreadCpuTime(thread.getId()) : -1;
    }

    private void run() {
        try {
            while (running) {
                try {
                    lastPacketNanos = System.nanoTime();
                    video = VideoStream.open(camera, settings.width(), settings.height());
                    lastPacketNanos = System.nanoTime();
                    lastPictureNanos = lastPacketNanos;
                    codec = video.codec();
                    sourceWidth = video.sourceWidth();
                    sourceHeight = video.sourceHeight();
                    connected = true;
                    log.info("Camera {} ({}) connected: {} {}x{}", camera.id(), camera.safeUrl(), codec, sourceWidth,
                            sourceHeight);
                    // A file opened again after a failure plays anew from now, not from where its first start would be.
                    pacing.restart();
                    stream();
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
                    if (video != null) {
                        video.close();
                        video = null;
                    }
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
     * Reads the stream packet by packet until it fails or the pipeline stops, decoding and analysing what
     * {@link KeyframeCadence} says. A file is reopened at its end and played on, its positions continuing.
     * The stream in use is in {@link #video}, for {@link #run} to release.
     */
    private void stream() throws Exception {
        Duration loopStart = Duration.ZERO;
        long firstMicros = VideoStream.NO_TIME;
        long lastMicros = 0;
        long lastAnalysedMicros = VideoStream.NO_TIME;
        // Bounded analysis decodes every packet, which needs the keyframe they build on.
        boolean fromKeyframe = false;
        long timeoutNanos = Duration.ofSeconds(camera.timeoutSeconds()).toNanos();
        synchronized (lock) {
            cadence.restart();
        }
        while (running) {
            if (!video.next()) {
                if (camera.live()) {
                    throw new java.io.IOException("the stream ended, or sent nothing for " + camera.timeoutSeconds() + " s");
                }
                // The next pass starts where this one's file ends, which is after its last picture.
                double fps = video.frameRate() > 0 ? video.frameRate() : 25;
                long played = Math.max(video.lengthMicros(),
                        lastMicros - Math.max(firstMicros, 0) + (long) (1e6 / fps));
                loopStart = loopStart.plus(Duration.ofNanos(played * 1000L));
                video.close();
                video = null;
                video = VideoStream.open(camera, settings.width(), settings.height());
                firstMicros = VideoStream.NO_TIME;
                lastAnalysedMicros = VideoStream.NO_TIME;
                fromKeyframe = false;
                synchronized (lock) {
                    cadence.restart();
                }
                continue;
            }
            long packetNanos = System.nanoTime();
            // FFmpeg's parser holds each picture until the next one starts; when a read times out it hands over the
            // one it held. That packet, after a silence of the whole timeout, is the stream's end, not a sign of life.
            if (!camera.live() || packetNanos - lastPacketNanos < timeoutNanos) {
                lastPacketNanos = packetNanos;
            }
            boolean key = video.key();
            long packetMicros = video.packetMicros();
            if (packetMicros == VideoStream.NO_TIME) {
                packetMicros = packetNanos / 1_000;
            }
            KeyframeCadence.Analysis analysis;
            synchronized (lock) {
                if (key) {
                    cadence.keyframe(packetMicros);
                    recentKeyframes.addLast(packetNanos);
                } else {
                    cadence.packet(packetMicros);
                }
                analysis = cadence.analysis();
            }
            if (analysis == KeyframeCadence.Analysis.KEYFRAMES) {
                fromKeyframe = false;
                if (!key) {
                    continue;
                }
            } else if (!fromKeyframe) {
                if (!key) {
                    continue;
                }
                fromKeyframe = true;
            }
            video.decode();
            while (running && video.picture()) {
                long micros = video.pictureMicros();
                if (micros == VideoStream.NO_TIME) {
                    micros = packetMicros;
                }
                boolean due = analysis == KeyframeCadence.Analysis.KEYFRAMES || lastAnalysedMicros == VideoStream.NO_TIME
                        || micros < lastAnalysedMicros || micros - lastAnalysedMicros >= BOUNDED_EVERY_MICROS;
                if (!due) {
                    continue;
                }
                lastAnalysedMicros = micros;
                Instant at;
                if (camera.live()) {
                    at = clock.instant();
                } else {
                    if (firstMicros == VideoStream.NO_TIME) {
                        firstMicros = micros;
                    }
                    lastMicros = micros;
                    // A file's pictures are due at their place in the video; waiting for one is not silence.
                    waitingForPace = true;
                    try {
                        at = pacing.frameAt(loopStart.plus(Duration.ofNanos((micros - firstMicros) * 1000L)));
                    } finally {
                        lastPacketNanos = System.nanoTime();
                        lastPictureNanos = lastPacketNanos;
                        waitingForPace = false;
                    }
                }
                GrayImage image = video.gray().blurred(settings.blurRadius());
                analyse(at, image);
                backoff.reset();
                if (lastError != null && connected) {
                    lastError = null;
                }
            }
        }
    }

    private void analyse(Instant at, GrayImage image) {
        synchronized (lock) {
            lastPictureNanos = System.nanoTime();
            framesAnalysed++;
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

    /** The camera thread's CPU over the status calls of about the last minute, in % of one core. Caller holds the lock. */
    private Double cpuPercent(long now) {
        long cpu = cpuNanos();
        if (cpu < 0) {
            return null;
        }
        cpuSamples.addLast(new long[] {now, cpu});
        while (cpuSamples.size() > 2 && cpuSamples.peekFirst()[0] < now - Duration.ofMinutes(1).toNanos()) {
            cpuSamples.pollFirst();
        }
        long[] first = cpuSamples.peekFirst();
        long wall = now - first[0];
        if (wall < Duration.ofSeconds(1).toNanos()) {
            return null;
        }
        return Math.round(1000.0 * (cpu - first[1]) / wall) / 10.0;
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
