package vn.onduty.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the watchdog calls a stream lost: packets, not keyframes, say whether a camera is there. */
class StreamLossTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static Duration s(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }

    @Test
    void packetsFlowingWithoutAKeyframeForTwentyFiveSecondsAreNoLoss() {
        assertThat(StreamLoss.why(true, s(0.2), s(25), TIMEOUT, s(25))).isEmpty();
        assertThat(StreamLoss.why(true, s(0.2), s(59), TIMEOUT, Duration.ZERO)).as("before the first interval").isEmpty();
    }

    @Test
    void noVideoPacketForTheTimeoutIsALoss() {
        assertThat(StreamLoss.why(true, s(4.9), s(4.9), TIMEOUT, s(2))).isEmpty();
        assertThat(StreamLoss.why(true, s(5), s(5), TIMEOUT, s(2)))
                .hasValue("no video packet for 5 s (the camera's timeout is 5 s)");
    }

    @Test
    void aConnectionStillOpeningAfterTwiceTheTimeoutAndTheProbingIsALoss() {
        // FFmpeg probes up to 5 s of a stream to learn its codec; one with keyframes far apart needs all of it.
        assertThat(StreamLoss.why(false, s(19.9), s(19.9), TIMEOUT, Duration.ZERO)).isEmpty();
        assertThat(StreamLoss.why(false, s(20.1), s(20.1), TIMEOUT, Duration.ZERO))
                .hasValue("the stream could not be opened within 20 s");
    }

    @Test
    void packetsThatNeverGiveAPictureAreALossAfterAMinuteOrTwiceTheLongestInterval() {
        assertThat(StreamLoss.why(true, s(0.1), s(60), TIMEOUT, s(2))).isEmpty();
        assertThat(StreamLoss.why(true, s(0.1), s(61), TIMEOUT, s(2)))
                .hasValue("video packets arrive but no picture could be decoded from them for 61 s");
        // Keyframes 40 s apart: a picture may take 2 x 40 + 5 s in the worst case of a stretched GOP.
        assertThat(StreamLoss.why(true, s(0.1), s(84), TIMEOUT, s(40))).isEmpty();
        assertThat(StreamLoss.why(true, s(0.1), s(86), TIMEOUT, s(40))).isPresent();
    }
}
