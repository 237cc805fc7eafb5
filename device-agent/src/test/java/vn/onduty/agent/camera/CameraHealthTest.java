package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vn.onduty.agent.outbox.EventSink;

/** The cameras' part of the heartbeat: each camera's state, frames, last frame and last error, in the protocol's words. */
class CameraHealthTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-26T01:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void aCameraIsStreamingOnlyWhileItsPipelineRunsAndFramesArrive() {
        assertThat(CameraState.of(true, true, true)).isEqualTo(CameraState.STREAMING);
        assertThat(CameraState.of(true, true, false)).isEqualTo(CameraState.RECONNECTING);
        assertThat(CameraState.of(true, false, true)).as("the thread died").isEqualTo(CameraState.STOPPED);
        assertThat(CameraState.of(false, true, true)).as("closing").isEqualTo(CameraState.STOPPED);
        assertThat(CameraState.of(false, false, false)).isEqualTo(CameraState.STOPPED);
    }

    @Test
    void theHeartbeatCarriesStateFramesLastFrameLastErrorAndWhatTheStreamIs() throws Exception {
        CameraPipeline.Status status = new CameraPipeline.Status(3, CameraState.RECONNECTING, false,
                Instant.parse("2026-11-26T00:59:40Z"), 12, 1_234, 4, "IOException: the stream ended",
                new CameraPipeline.StreamFacts("hevc", 640, 360, 24.96, "bounded", 3.2),
                List.of(new CameraPipeline.ZoneStatus(11, ZoneState.UNKNOWN, Instant.parse("2026-11-26T00:59:40Z"), 0.08421)));

        String wire = new ObjectMapper().writeValueAsString(Cameras.wire(status));

        assertThat(wire).isEqualTo("{\"id\":3,\"state\":\"reconnecting\",\"connected\":false,"
                + "\"lastFrameAt\":\"2026-11-26T00:59:40Z\",\"framesAnalysed\":1234,\"keyframesPerMinute\":12,"
                + "\"reconnects\":4,\"lastError\":\"IOException: the stream ended\","
                + "\"codec\":\"hevc\",\"width\":640,\"height\":360,\"keyframeIntervalSeconds\":25.0,"
                + "\"analysis\":\"bounded\",\"cpuPercent\":3.2,"
                + "\"zones\":[{\"id\":11,\"state\":\"unknown\",\"since\":\"2026-11-26T00:59:40Z\",\"score\":0.084}]}");
    }

    @Test
    void aPipelineNotRunningIsStoppedWithNothingAnalysed() {
        CameraSpec camera = camera(3, true, "rtsp://10.0.0.5/live");
        Map<Long, OccupancyStateMachine> machines = new HashMap<>();
        machines.put(11L, new OccupancyStateMachine(OccupancyStateMachine.Settings.defaults(), ZoneState.UNKNOWN,
                Transition.AGENT_START, CLOCK.instant()));
        CameraPipeline pipeline = new CameraPipeline(camera, machines, CameraPipeline.Settings.defaults(),
                new CalibrationStore(dir), new RecordingZoneEvents(), CLOCK, Pacing.realTime(CLOCK), null, new Random(1));

        CameraPipeline.Status status = pipeline.status();

        assertThat(status.state()).isEqualTo(CameraState.STOPPED);
        assertThat(status.framesAnalysed()).isZero();
        assertThat(status.lastFrameAt()).isNull();
        assertThat(status.zones()).extracting(CameraPipeline.ZoneStatus::state).containsExactly(ZoneState.UNKNOWN);
    }

    @Test
    void aDisabledCameraIsReportedStoppedAndNeverWithItsCredentials() throws Exception {
        List<String> emitted = new ArrayList<>();
        EventSink sink = (stream, type, at, fields) -> {
            emitted.add(stream + ":" + type);
            return emitted.size();
        };
        try (Cameras cameras = new Cameras(Cameras.Settings.defaults(), sink, new CalibrationStore(dir), CLOCK,
                () -> Pacing.realTime(CLOCK), new Random(1))) {
            assertThat(cameras.statuses()).as("before any list").isEmpty();

            cameras.apply(new CameraList("v1", List.of(camera(4, false, "rtsp://viewer:secret@10.0.0.6/live"))));

            assertThat(cameras.runningCount()).isZero();
            List<Map<String, Object>> statuses = cameras.statuses();
            assertThat(statuses).hasSize(1);
            assertThat(statuses.get(0)).containsEntry("id", 4L).containsEntry("state", "stopped")
                    .containsEntry("connected", false).containsEntry("framesAnalysed", 0L)
                    .containsEntry("lastFrameAt", null).containsEntry("lastError", null);
            assertThat(new ObjectMapper().writeValueAsString(statuses)).doesNotContain("secret").doesNotContain("viewer");
            assertThat(emitted).as("a disabled camera's zones are not started").isEmpty();
        }
    }

    private static CameraSpec camera(long id, boolean enabled, String url) {
        return new CameraSpec(id, "Sảnh", url, "viewer", "secret", 5, enabled,
                List.of(ZoneSpec.rectangle(11, 7, "Quầy 1", 0.1, 0.3, 0.4, 0.8, true)));
    }
}
