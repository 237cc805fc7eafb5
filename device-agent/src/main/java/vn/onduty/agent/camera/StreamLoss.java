package vn.onduty.agent.camera;

import java.time.Duration;
import java.util.Optional;

/**
 * When the watchdog calls a camera's stream lost (its zones {@code unknown}/{@code stream_lost}): a stream is
 * lost when no packet of its video arrives for the camera's timeout, not when no keyframe does, since many
 * cameras send keyframes 4-25 s apart while their packets flow all the time. Two backstops: a connection
 * still being opened after twice the timeout plus {@link #PROBING} (FFmpeg's own timeout should have ended
 * the connect, and its probing of the stream ends by itself), and video packets
 * that arrive while no picture comes out of them for {@link #PICTURE_LIMIT}, or for twice the longest
 * keyframe interval seen plus the timeout when that is longer. Pure, so each rule is tested on its own.
 */
final class StreamLoss {

    /** Packets without a picture for this long mean the video cannot be decoded, whatever the keyframe interval. */
    static final Duration PICTURE_LIMIT = Duration.ofSeconds(60);
    /**
     * What opening a stream may take beyond its connect: FFmpeg reads up to 5 s of it (analyzeduration) to learn
     * its codec, longer on a busy computer, and a stream whose keyframes are far apart needs all of it.
     */
    static final Duration PROBING = Duration.ofSeconds(10);

    private StreamLoss() {
    }

    /**
     * @param connected       the stream is open and being read
     * @param sincePacket     since the last video packet, or since opening began when none came yet
     * @param sincePicture    since the last picture analysed, or since the stream was opened when none yet
     * @param timeout         the camera's timeout
     * @param longestInterval the longest keyframe interval seen lately (zero when none yet)
     * @return why the stream counts as lost now; empty while it does not
     */
    static Optional<String> why(boolean connected, Duration sincePacket, Duration sincePicture, Duration timeout,
                                Duration longestInterval) {
        if (!connected) {
            Duration limit = timeout.multipliedBy(2).plus(PROBING);
            return sincePacket.compareTo(limit) > 0
                    ? Optional.of("the stream could not be opened within " + limit.toSeconds() + " s")
                    : Optional.empty();
        }
        if (sincePacket.compareTo(timeout) >= 0) {
            return Optional.of("no video packet for " + sincePacket.toSeconds() + " s (the camera's timeout is "
                    + timeout.toSeconds() + " s)");
        }
        Duration pictureLimit = longestInterval.multipliedBy(2).plus(timeout);
        if (pictureLimit.compareTo(PICTURE_LIMIT) < 0) {
            pictureLimit = PICTURE_LIMIT;
        }
        if (sincePicture.compareTo(pictureLimit) > 0) {
            return Optional.of("video packets arrive but no picture could be decoded from them for "
                    + sincePicture.toSeconds() + " s");
        }
        return Optional.empty();
    }
}
