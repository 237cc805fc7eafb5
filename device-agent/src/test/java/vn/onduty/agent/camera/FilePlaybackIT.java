package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.sim.CounterVideo;

/** A file camera played at real time, as the agent plays one (the demo's camera), through a failure. */
class FilePlaybackIT {

    @TempDir
    Path dir;
    private CameraPipeline pipeline;

    @AfterEach
    void stop() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aFileThatGoesAwayAndComesBackPlaysOnFromTheMomentItReturnsNotFromItsFirstStart() throws Exception {
        Path file = dir.resolve("seat.mp4");
        CounterVideo.write(file, new CounterVideo.Scene(320, 180, 5, 1, Duration.ofSeconds(4), List.of(
                new CounterVideo.Seat(0.1, 0.3, 0.4, 0.8, List.<double[]>of(new double[] {0, 4}))), -1, 1, 200_000));
        ZoneSpec zone = ZoneSpec.rectangle(11, 7, "Quầy 1", 0.1, 0.3, 0.4, 0.8, false);
        CameraSpec camera = new CameraSpec(3, "Sảnh A", file.toString(), null, null, 5, true, List.of(zone));
        Map<Long, OccupancyStateMachine> machines = new HashMap<>();
        machines.put(11L, new OccupancyStateMachine(OccupancyStateMachine.Settings.defaults(), ZoneState.UNKNOWN,
                Transition.AGENT_START, Instant.now()));
        RecordingZoneEvents events = new RecordingZoneEvents();
        pipeline = new CameraPipeline(camera, machines,
                new CameraPipeline.Settings(320, 180, 2, Duration.ofMillis(100), Duration.ofMillis(200)),
                new CalibrationStore(dir.resolve("calibration")), events, Clock.systemUTC(), Pacing.realTime(Clock.systemUTC()),
                null, new Random(1));
        pipeline.start();
        events.await(s -> Transition.NOT_CALIBRATED.equals(s.transition().reason()), Duration.ofSeconds(20),
                "the first keyframe");

        // Gone at the end of the pass, when the file is opened again: the stream is lost.
        Path away = dir.resolve("away.mp4");
        Files.move(file, away);
        events.await(s -> Transition.STREAM_LOST.equals(s.transition().reason()), Duration.ofSeconds(20), "stream_lost");
        Thread.sleep(1_500);
        Instant back = Instant.now();
        Files.move(away, file);
        events.await(s -> notCalibrated(events) >= 2, Duration.ofSeconds(20), "a keyframe after the file came back");

        List<Transition> seen = events.of(11);
        Transition again = seen.get(seen.size() - 1);
        assertThat(again.reason()).isEqualTo(Transition.NOT_CALIBRATED);
        // The playback starts anew when the file returns: its keyframes happen then, not where the first
        // playback's clock would put them (before the loss, squeezed against it, then played in a rush).
        assertThat(again.at()).as("the first keyframe after the file came back at %s: %s", back, seen)
                .isAfterOrEqualTo(back);
        assertThat(pipeline.status().lastFrameAt()).isAfterOrEqualTo(back).isBeforeOrEqualTo(Instant.now());
    }

    @Test
    void keyframesFurtherApartThanTwiceTheTimeoutAreNotALostStream() throws Exception {
        // x264's default keyframe interval is 250 frames: 10.4 s at 24 fps, beyond twice the default 5 s timeout.
        // Scaled down here: keyframes every 3 s against a 1 s timeout.
        Path file = dir.resolve("long-gop.mp4");
        CounterVideo.write(file, new CounterVideo.Scene(320, 180, 5, 3, Duration.ofSeconds(12), List.of(
                new CounterVideo.Seat(0.1, 0.3, 0.4, 0.8, List.<double[]>of())), -1, 1, 200_000));
        ZoneSpec zone = ZoneSpec.rectangle(11, 7, "Quầy 1", 0.1, 0.3, 0.4, 0.8, false);
        CameraSpec camera = new CameraSpec(3, "Sảnh A", file.toString(), null, null, 1, true, List.of(zone));
        Map<Long, OccupancyStateMachine> machines = new HashMap<>();
        machines.put(11L, new OccupancyStateMachine(OccupancyStateMachine.Settings.defaults(), ZoneState.UNKNOWN,
                Transition.AGENT_START, Instant.now()));
        RecordingZoneEvents events = new RecordingZoneEvents();
        pipeline = new CameraPipeline(camera, machines, CameraPipeline.Settings.defaults(),
                new CalibrationStore(dir.resolve("calibration")), events, Clock.systemUTC(), Pacing.realTime(Clock.systemUTC()),
                null, new Random(1));
        pipeline.start();
        events.await(s -> Transition.NOT_CALIBRATED.equals(s.transition().reason()), Duration.ofSeconds(20),
                "the first keyframe");

        // What the agent's watchdog (in Cameras) does once a second.
        long keyframes = pipeline.framesAnalysed();
        while (pipeline.framesAnalysed() < keyframes + 3) {
            pipeline.watch();
            Thread.sleep(100);
        }

        // The agent waits for a file's keyframes to be due: that is playing, not a stream gone quiet.
        assertThat(events.of(11)).extracting(Transition::reason).doesNotContain(Transition.STREAM_LOST);
        assertThat(pipeline.status().connected()).isTrue();
        assertThat(pipeline.status().reconnects()).isZero();
    }

    private static long notCalibrated(RecordingZoneEvents events) {
        return events.of(11).stream().filter(t -> Transition.NOT_CALIBRATED.equals(t.reason())).count();
    }
}
