package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CameraSpecTest {

    private static CameraSpec camera(String url, String user, String password) {
        return new CameraSpec(3, "Sảnh A", url, user, password, 5, true, List.of());
    }

    @Test
    void putsTheCredentialsIntoTheUrlFFmpegOpensAndNowhereElse() {
        CameraSpec camera = camera("rtsp://10.0.0.5:554/Streaming/Channels/102", "viewer", "s3cr:t@/x");

        assertThat(camera.source()).isEqualTo("rtsp://viewer:s3cr%3At%40%2Fx@10.0.0.5:554/Streaming/Channels/102");
        assertThat(camera.safeUrl()).isEqualTo("rtsp://10.0.0.5:554/Streaming/Channels/102");
        assertThat(camera.toString()).doesNotContain("s3cr").doesNotContain("viewer");
    }

    @Test
    void replacesCredentialsWrittenIntoTheUrlAndHidesThemFromLogs() {
        CameraSpec camera = camera("http://old:pw@cam.local/video.mjpg", "viewer", null);

        assertThat(camera.source()).isEqualTo("http://viewer@cam.local/video.mjpg");
        assertThat(camera(camera.url(), null, null).safeUrl()).isEqualTo("http://cam.local/video.mjpg");
    }

    @Test
    void tellsFilesFromStreams() {
        assertThat(camera("rtsp://cam/1", null, null).live()).isTrue();
        assertThat(camera("https://cam/1", null, null).live()).isTrue();
        assertThat(camera("data/demo/counters.mp4", null, null).live()).isFalse();
        assertThat(camera("file:///tmp/a%20b.mp4", null, null).source()).isEqualTo("/tmp/a b.mp4");
        assertThat(camera("rtsp://cam/1", null, null).stream()).isEqualTo("camera-3");
    }

    @Test
    void restartsOnlyForChangesThePipelineDependsOn() {
        ZoneSpec zone = ZoneSpec.rectangle(11, 7, "Quầy 1", 0.1, 0.3, 0.4, 0.8, false);
        CameraSpec before = new CameraSpec(3, "Sảnh A", "rtsp://cam/1", null, null, 5, true, List.of(zone));

        assertThat(new CameraSpec(3, "Sảnh B", "rtsp://cam/1", null, null, 5, true, List.of(zone))
                .needsRestartComparedTo(before)).isFalse();
        assertThat(new CameraSpec(3, "Sảnh A", "rtsp://cam/2", null, null, 5, true, List.of(zone))
                .needsRestartComparedTo(before)).isTrue();
        assertThat(new CameraSpec(3, "Sảnh A", "rtsp://cam/1", null, null, 5, true, List.of(
                ZoneSpec.rectangle(11, 7, "Quầy 1", 0.1, 0.3, 0.5, 0.8, false))).needsRestartComparedTo(before)).isTrue();
    }

    @Test
    void refusesAPolygonOutsideThePicture() {
        assertThatThrownBy(() -> ZoneSpec.rectangle(11, 7, "Quầy 1", 0.1, 0.3, 1.2, 0.8, false))
                .hasMessageContaining("outside 0..1");
    }
}
