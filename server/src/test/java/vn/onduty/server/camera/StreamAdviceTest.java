package vn.onduty.server.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What the camera page tells the admin to change, from what the agent measured. */
class StreamAdviceTest {

    private static CameraStatus status(Integer width, Integer height, Double interval) {
        Instant at = Instant.parse("2026-11-26T01:00:00Z");
        return new CameraStatus(3, 1, "streaming", true, at, 10L, 30.0, 0L, null, null, at, at, "h264", width, height,
                interval, interval == null || interval <= 4 ? "keyframes" : "bounded", 1.0);
    }

    @Test
    void aSubStreamWithKeyframesOneOrTwoSecondsApartNeedsNothing() {
        assertThat(StreamAdvice.of(status(640, 360, 2.0))).isEmpty();
        assertThat(StreamAdvice.of(status(1280, 720, 2.5))).as("measured on a live stream, with room").isEmpty();
        assertThat(StreamAdvice.of(null)).isEmpty();
        assertThat(StreamAdvice.of(status(null, null, null))).as("nothing measured yet").isEmpty();
    }

    @Test
    void keyframesThreeSecondsApartNeedAShorterInterval() {
        assertThat(StreamAdvice.of(status(640, 360, 3.0))).containsExactly(StreamAdvice.KEYFRAME_INTERVAL);
    }

    @Test
    void keyframesMoreThanFourSecondsApartPointAtTheSmartCodec() {
        assertThat(StreamAdvice.of(status(704, 576, 25.0)))
                .containsExactly(StreamAdvice.KEYFRAME_INTERVAL, StreamAdvice.SMART_CODEC);
    }

    @Test
    void aPictureLargerThan720pCallsForTheSubStream() {
        assertThat(StreamAdvice.of(status(1920, 1080, 2.0))).containsExactly(StreamAdvice.SUB_STREAM);
        assertThat(StreamAdvice.of(status(2560, 1440, 10.0)))
                .containsExactly(StreamAdvice.KEYFRAME_INTERVAL, StreamAdvice.SMART_CODEC, StreamAdvice.SUB_STREAM);
    }
}
