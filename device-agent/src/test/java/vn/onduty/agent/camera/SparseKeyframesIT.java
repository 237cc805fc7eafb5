package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.sim.CounterVideo;
import vn.onduty.agent.sim.RtspRelay;

/**
 * Cameras as they are in the field: a keyframe only every 25 s (smart codecs, NVR sub-streams), H.264 and
 * H.265. The pipeline must keep reading while the packets flow (no stream_lost between keyframes), analyse a
 * picture every 2 s so presence is found, calibrate on such a stream, take an empty-seat reference from an
 * admin's snapshot, and still call a stream lost soon after its packets stop.
 *
 * <p>The H.265 stream is {@code camera/counter-hevc-gop25s.mp4}, made by {@code make-hevc-fixture.sh} beside it
 * (the bundled FFmpeg decodes H.265 but has no encoder for it).
 */
class SparseKeyframesIT {

    private static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");

    @TempDir
    static Path dir;
    private static Path sparseH264;
    private static Path hevc;
    private static byte[] emptySnapshot;

    private final List<Process> publishers = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

    private static CounterVideo.Seat seat(int i, double[]... empty) {
        return new CounterVideo.Seat(0.10 + 0.45 * i, 0.30, 0.40 + 0.45 * i, 0.80, List.of(empty));
    }

    private static ZoneSpec zone(int i) {
        return ZoneSpec.rectangle(11 + i, 7 + i, "Quầy " + (i + 1), 0.10 + 0.45 * i, 0.30, 0.40 + 0.45 * i, 0.80, true);
    }

    @BeforeAll
    static void videos() throws Exception {
        sparseH264 = dir.resolve("sparse-h264.mp4");
        CounterVideo.write(sparseH264, new CounterVideo.Scene(320, 180, 5, 25, Duration.ofSeconds(200), List.of(
                seat(0, new double[] {0, 130}), seat(1, new double[] {60, 200})), -1, 1, 300_000));
        hevc = dir.resolve("counter-hevc-gop25s.mp4");
        try (var in = SparseKeyframesIT.class.getResourceAsStream("/camera/counter-hevc-gop25s.mp4")) {
            Files.copy(in, hevc);
        }
        // What the admin picked: a snapshot of the counters while both seats were empty, taken as the agent takes one.
        Path empty = dir.resolve("empty.mp4");
        CounterVideo.write(empty, new CounterVideo.Scene(640, 360, 5, 1, Duration.ofSeconds(3), List.of(
                seat(0, new double[] {0, 3}), seat(1, new double[] {0, 3})), -1, 1, 600_000));
        emptySnapshot = FrameSources.snapshotJpeg(new CameraSpec(9, "snapshot", empty.toString(), null, null, 5, true,
                List.of()));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        for (Process publisher : publishers) {
            publisher.destroyForcibly().waitFor();
        }
    }

    private CameraPipeline pipeline(String url, int timeoutSeconds, OccupancyStateMachine.Settings states, Pacing pacing,
                                    RecordingZoneEvents events) {
        CameraSpec camera = new CameraSpec(3, "Sảnh A", url, null, null, timeoutSeconds, true, List.of(zone(0), zone(1)));
        Map<Long, OccupancyStateMachine> machines = new HashMap<>();
        for (ZoneSpec zone : camera.zones()) {
            machines.put(zone.id(), new OccupancyStateMachine(states, ZoneState.UNKNOWN, Transition.AGENT_START, T0));
        }
        CameraPipeline pipeline = new CameraPipeline(camera, machines,
                new CameraPipeline.Settings(320, 180, 2, Duration.ofMillis(200), Duration.ofSeconds(1)),
                new CalibrationStore(dir.resolve("calibration-" + closing.size())), events, Clock.systemUTC(), pacing, null,
                new Random(1));
        closing.add(pipeline);
        return pipeline;
    }

    private static List<Transition> known(RecordingZoneEvents events, long zoneId) {
        return events.of(zoneId).stream().filter(t -> t.state() != ZoneState.UNKNOWN).toList();
    }

    private static void assertTransition(Transition actual, ZoneState state, int second) {
        assertThat(actual.state()).isEqualTo(state);
        assertThat(Duration.between(T0, actual.at()).toSeconds()).as("start of %s", state).isCloseTo(second, within(2L));
    }

    @Test
    void aFileWithKeyframes25sApartGivesTheScriptedIntervalsWithOneZoneCalibratedFromASnapshot() throws Exception {
        RecordingZoneEvents events = new RecordingZoneEvents();
        OnePassPacing pacing = new OnePassPacing(T0, Duration.ofSeconds(200));
        CameraPipeline pipeline = pipeline(sparseH264.toString(), 5, OccupancyStateMachine.Settings.defaults(), pacing,
                events);
        // Seat 0 is empty for its first 20 s and sampled then; seat 1 is occupied from the start, so its reference
        // is the snapshot the admin took while it was empty.
        pipeline.calibrate(11, 101, Duration.ofSeconds(20), (step, message) -> { });
        assertThat(pipeline.calibrateFromSnapshot(12, 102, emptySnapshot, T0, 55)).isTrue();
        pipeline.start();
        assertThat(pacing.awaitPass(Duration.ofSeconds(90))).as("played once").isTrue();
        CameraPipeline.Status status = pipeline.status();
        pipeline.close();

        assertThat(events.calibrations()).extracting(c -> c.outcome().error()).containsOnlyNulls();
        assertThat(events.calibrations()).filteredOn(c -> c.zoneId() == 12).singleElement()
                .satisfies(c -> assertThat(c.outcome().calibration().snapshotId()).isEqualTo(55L));
        List<Transition> first = known(events, 11);
        assertThat(first).hasSize(2);
        assertTransition(first.get(0), ZoneState.EMPTY, 20);
        assertTransition(first.get(1), ZoneState.OCCUPIED, 130);
        List<Transition> second = known(events, 12);
        assertThat(second).hasSize(2);
        assertTransition(second.get(0), ZoneState.OCCUPIED, 0);
        assertTransition(second.get(1), ZoneState.EMPTY, 60);
        assertThat(events.all()).extracting(s -> s.transition().reason()).doesNotContain(Transition.STREAM_LOST);

        assertThat(status.stream().codec()).isEqualTo("h264");
        assertThat(status.stream().keyframeIntervalSeconds()).isCloseTo(25.0, within(0.5));
        assertThat(status.stream().analysis()).isEqualTo("bounded");
        // A picture every 2 s of the 200 s, not one per keyframe (8) nor every frame (1000).
        assertThat(status.framesAnalysed()).isBetween(95L, 110L);
    }

    @Test
    void anH265RtspCameraWithKeyframes25sApartGivesPresenceWithoutStreamLossAndIsLostSoonAfterItsPacketsStop()
            throws Exception {
        RtspRelay relay = new RtspRelay();
        closing.add(relay);
        Process publisher = publish(hevc, relay);
        // The camera is up before the agent comes (else the first open meets a 404, fails the calibration asked
        // below, and the test would be about that).
        eventually(Duration.ofSeconds(30), () -> relay.firstPacketAt() != null, "the publisher streaming");
        RecordingZoneEvents events = new RecordingZoneEvents();
        int timeout = 3;
        CameraPipeline pipeline = pipeline(relay.url(), timeout, new OccupancyStateMachine.Settings(Duration.ofSeconds(3),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofHours(2), 0.7), Pacing.realTime(Clock.systemUTC()),
                events);
        // Seat 0 is empty in the stream: sampled. Seat 1 is always occupied: its reference is the admin's snapshot.
        pipeline.calibrate(11, 101, Duration.ofSeconds(10), (step, message) -> { });
        pipeline.calibrateFromSnapshot(12, 102, emptySnapshot, Instant.now(), 56);
        long started = System.nanoTime();
        pipeline.start();
        // As Cameras runs it for every camera: the watchdog's look once a second.
        var watchdog = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        closing.add(watchdog::shutdownNow);
        watchdog.scheduleWithFixedDelay(pipeline::watch, 1, 1, java.util.concurrent.TimeUnit.SECONDS);

        events.await(s -> s.zoneId() == 11 && s.transition().state() == ZoneState.EMPTY, Duration.ofSeconds(90),
                "seat 0 empty");
        events.await(s -> s.zoneId() == 12 && s.transition().state() == ZoneState.OCCUPIED, Duration.ofSeconds(30),
                "seat 1 occupied");
        // At least one whole 25 s interval between keyframes has passed by now, while packets flowed.
        eventually(Duration.ofSeconds(60), () -> {
            Double interval = pipeline.status().stream().keyframeIntervalSeconds();
            return interval != null && interval > 24;
        }, "a whole keyframe interval seen");
        CameraPipeline.Status status = pipeline.status();
        assertThat(status.stream().codec()).isEqualTo("hevc");
        assertThat(status.stream().width()).isEqualTo(320);
        assertThat(status.stream().height()).isEqualTo(180);
        assertThat(status.stream().keyframeIntervalSeconds()).isCloseTo(25.0, within(1.0));
        assertThat(status.stream().analysis()).isEqualTo("bounded");
        assertThat(status.state()).isEqualTo(CameraState.STREAMING);
        assertThat(events.all()).as("no stream_lost while packets flow, %d s in", (System.nanoTime() - started) / 1_000_000_000L)
                .extracting(s -> s.transition().reason()).doesNotContain(Transition.STREAM_LOST);
        assertThat(relay.plays()).as("never reconnected").isEqualTo(1);

        // The camera dies without closing the connection: no packet comes any more.
        publisher.destroyForcibly().waitFor();
        long stopped = System.nanoTime();
        relay.forgetStream();
        events.await(s -> Transition.STREAM_LOST.equals(s.transition().reason()), Duration.ofSeconds(15), "stream_lost");
        long lostAfter = events.all().stream().filter(s -> Transition.STREAM_LOST.equals(s.transition().reason()))
                .mapToLong(RecordingZoneEvents.Seen::seenNanos).min().orElseThrow() - stopped;
        assertThat(Duration.ofNanos(lostAfter)).as("lost within twice the %d s timeout", timeout)
                .isLessThanOrEqualTo(Duration.ofSeconds(2L * timeout));
        assertThat(known(events, 11)).extracting(Transition::state).containsOnly(ZoneState.EMPTY);
    }

    private Process publish(Path file, RtspRelay relay) throws IOException {
        FrameSources.load();
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        ProcessBuilder builder = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-re", "-stream_loop", "-1",
                "-i", file.toString(), "-c", "copy", "-f", "rtsp", "-rtsp_transport", "tcp", relay.url())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("publisher-" + publishers.size() + ".log").toFile());
        builder.environment().put("LD_LIBRARY_PATH", Path.of(ffmpeg).getParent().toString());
        Process process = builder.start();
        publishers.add(process);
        return process;
    }

    private static void eventually(Duration within, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(100);
        }
    }
}
