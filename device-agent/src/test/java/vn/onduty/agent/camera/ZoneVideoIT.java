package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.sim.CounterVideo;

/**
 * The whole pipeline on generated H.264 files whose truth is known: figures sit down and leave at set
 * seconds, and once the lights dim. Files play faster than real time with keyframes stamped by their
 * position, so the intervals found can be compared with the script to the second.
 */
class ZoneVideoIT {

    private static final Instant T0 = Instant.parse("2026-11-26T01:00:00Z");
    private static final Duration LENGTH = Duration.ofSeconds(300);
    private static final Duration CALIBRATION = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    private static Path comings;
    private static Path dimming;

    private static CounterVideo.Seat seat(int i, double[]... empty) {
        return new CounterVideo.Seat(0.10 + 0.45 * i, 0.30, 0.40 + 0.45 * i, 0.80, List.of(empty));
    }

    private static ZoneSpec zone(int i) {
        return ZoneSpec.rectangle(11 + i, 7 + i, "Quầy " + (i + 1), 0.10 + 0.45 * i, 0.30, 0.40 + 0.45 * i, 0.80, true);
    }

    @BeforeAll
    static void writeVideos() throws Exception {
        comings = dir.resolve("comings.mp4");
        CounterVideo.write(comings, new CounterVideo.Scene(320, 180, 5, 2, LENGTH, List.of(
                seat(0, new double[] {0, 30}, new double[] {150, 260}),
                seat(1, new double[] {0, 130})), -1, 1, 300_000));
        dimming = dir.resolve("dimming.mp4");
        CounterVideo.write(dimming, new CounterVideo.Scene(320, 180, 5, 2, Duration.ofSeconds(200), List.of(
                seat(0, new double[] {0, 30}), seat(1, new double[] {0, 200})), 120, 0.55, 300_000));
    }

    private record Run(RecordingZoneEvents events, CameraPipeline pipeline) {
    }

    /** Plays the file once with both zones calibrated from its first 20 s, in which both seats are empty. */
    private static Run play(Path file, Duration length) throws Exception {
        CameraSpec camera = new CameraSpec(3, "Sảnh A", file.toString(), null, null, 5, true, List.of(zone(0), zone(1)));
        Map<Long, OccupancyStateMachine> machines = new HashMap<>();
        for (ZoneSpec zone : camera.zones()) {
            machines.put(zone.id(), new OccupancyStateMachine(OccupancyStateMachine.Settings.defaults(), ZoneState.UNKNOWN,
                    Transition.AGENT_START, T0));
        }
        RecordingZoneEvents events = new RecordingZoneEvents();
        OnePassPacing pacing = new OnePassPacing(T0, length);
        CameraPipeline pipeline = new CameraPipeline(camera, machines, CameraPipeline.Settings.defaults(),
                new CalibrationStore(dir.resolve("calibration-" + file.getFileName())), events, Clock.systemUTC(), pacing,
                null, new Random(1));
        pipeline.calibrate(11, 101, CALIBRATION, (step, message) -> { });
        pipeline.calibrate(12, 102, CALIBRATION, (step, message) -> { });
        pipeline.start();
        try {
            assertThat(pacing.awaitPass(Duration.ofSeconds(60))).as("played once within a minute").isTrue();
        } finally {
            pipeline.close();
        }
        return new Run(events, pipeline);
    }

    private static void assertTransition(Transition actual, ZoneState state, int second) {
        assertThat(actual.state()).isEqualTo(state);
        assertThat(Duration.between(T0, actual.at()).toSeconds()).as("start of %s", state).isCloseTo(second, within(2L));
    }

    @Test
    void findsTheIntervalsInWhichFiguresSatAndLeft() throws Exception {
        Run run = play(comings, LENGTH);

        assertThat(run.events().calibrations()).hasSize(2).allSatisfy(c -> assertThat(c.outcome().ok()).isTrue());
        List<Transition> first = run.events().of(11).stream().filter(t -> t.state() != ZoneState.UNKNOWN).toList();
        assertThat(first).hasSize(3);
        assertTransition(first.get(0), ZoneState.OCCUPIED, 30);
        assertTransition(first.get(1), ZoneState.EMPTY, 150);
        assertTransition(first.get(2), ZoneState.OCCUPIED, 260);

        List<Transition> second = run.events().of(12).stream().filter(t -> t.state() != ZoneState.UNKNOWN).toList();
        assertThat(second).hasSize(2);
        assertTransition(second.get(0), ZoneState.EMPTY, 20);
        assertTransition(second.get(1), ZoneState.OCCUPIED, 130);
        assertThat(run.events().of(11)).extracting(Transition::at).isSorted();
        // Keyframes 2 s apart: decoded alone, the cheap way, once two intervals showed it.
        CameraPipeline.StreamFacts stream = run.pipeline().status().stream();
        assertThat(stream.analysis()).isEqualTo("keyframes");
        assertThat(stream.keyframeIntervalSeconds()).isEqualTo(2.0);
        assertThat(stream.width()).isEqualTo(320);
    }

    @Test
    void dimmedLightsMakeTheZonesUnknownNeverEmpty() throws Exception {
        Run run = play(dimming, Duration.ofSeconds(200));

        List<Transition> seated = run.events().of(11);
        assertThat(seated).extracting(Transition::state).doesNotContain(ZoneState.EMPTY);
        assertThat(seated).anySatisfy(t -> {
            assertThat(t.reason()).isEqualTo(Transition.GLOBAL_CHANGE);
            assertThat(Duration.between(T0, t.at()).toSeconds()).isCloseTo(120, within(2L));
        });
        // Once the picture is steady again, the seated figure is seen again, in the dim light.
        Transition last = seated.get(seated.size() - 1);
        assertTransition(last, ZoneState.OCCUPIED, 122);

        List<Transition> empty = run.events().of(12);
        assertThat(empty).anySatisfy(t -> assertThat(t.reason()).isEqualTo(Transition.GLOBAL_CHANGE));
        assertThat(empty.stream().filter(t -> t.state() == ZoneState.OCCUPIED)).isEmpty();
    }
}
