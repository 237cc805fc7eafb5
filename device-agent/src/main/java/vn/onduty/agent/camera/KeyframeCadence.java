package vn.onduty.agent.camera;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * How far apart a camera's keyframes are, learned from the keyframe packets as they pass, and what that
 * means for the analysis. Decoding keyframes alone is cheap (DESIGN.md section 6) but gives a sample only as
 * often as the camera sends one; presence needs one every few seconds. So while the last keyframes came at
 * most {@link #SPARSE} apart, the pipeline decodes keyframes only ({@link Analysis#KEYFRAMES}); otherwise
 * (smart codecs, long sub-stream GOPs, or before two keyframes have been seen) it decodes every packet from
 * a keyframe on and analyses one picture every {@link #BOUNDED_EVERY} ({@link Analysis#BOUNDED}), which costs
 * 15-25 times the CPU. Pure: driven by the packets' own times, in microseconds.
 */
final class KeyframeCadence {

    /** Keyframes further apart than this are too sparse to analyse keyframes alone. */
    static final Duration SPARSE = Duration.ofSeconds(4);
    /** One picture analysed this often when keyframes are sparse. */
    static final Duration BOUNDED_EVERY = Duration.ofSeconds(2);
    /** How many of the latest intervals decide and are reported. */
    static final int REMEMBERED = 5;
    /** Keyframes only when this many intervals in a row were short: one short interval proves little. */
    static final int SHORT_IN_A_ROW = 2;

    /** How the pipeline analyses the stream. */
    enum Analysis {
        /** Only keyframes are decoded, and each is analysed. */
        KEYFRAMES,
        /** Every packet is decoded from a keyframe on; one picture every {@link #BOUNDED_EVERY} is analysed. */
        BOUNDED;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final long SPARSE_MICROS = SPARSE.toNanos() / 1_000;

    private final Deque<Long> intervals = new ArrayDeque<>();
    private long lastKeyMicros = VideoStream.NO_TIME;
    private long latestMicros = VideoStream.NO_TIME;

    /** A keyframe packet at {@code micros}. */
    void keyframe(long micros) {
        if (lastKeyMicros != VideoStream.NO_TIME && micros > lastKeyMicros) {
            intervals.addLast(micros - lastKeyMicros);
            while (intervals.size() > REMEMBERED) {
                intervals.removeFirst();
            }
        }
        lastKeyMicros = micros;
        latestMicros = micros;
    }

    /** Any other packet at {@code micros}: the gap since the last keyframe may be growing. */
    void packet(long micros) {
        if (lastKeyMicros != VideoStream.NO_TIME && micros >= lastKeyMicros) {
            latestMicros = micros;
        }
    }

    /**
     * The stream's times start again (a reconnection, a file played from its start): the gap in progress is
     * forgotten, the intervals learned are kept, as the same camera keeps its settings.
     */
    void restart() {
        lastKeyMicros = VideoStream.NO_TIME;
        latestMicros = VideoStream.NO_TIME;
    }

    /** Keyframes only while the latest intervals and the gap now running are all short. */
    Analysis analysis() {
        if (intervals.size() < SHORT_IN_A_ROW || currentGap() > SPARSE_MICROS) {
            return Analysis.BOUNDED;
        }
        int checked = 0;
        for (var it = intervals.descendingIterator(); it.hasNext() && checked < SHORT_IN_A_ROW; checked++) {
            if (it.next() > SPARSE_MICROS) {
                return Analysis.BOUNDED;
            }
        }
        return Analysis.KEYFRAMES;
    }

    /**
     * The longest of the latest intervals, or the gap now running when longer, in seconds; null before an
     * interval or a gap has been seen. What the camera page shows as the keyframe interval.
     */
    Double longestSeconds() {
        long longest = Math.max(currentGap(), intervals.stream().mapToLong(Long::longValue).max().orElse(0));
        return longest <= 0 ? null : longest / 1e6;
    }

    /** The longest interval seen lately (not the gap now running), for the watchdog. */
    Duration longestInterval() {
        return Duration.ofNanos(intervals.stream().mapToLong(Long::longValue).max().orElse(0) * 1_000);
    }

    private long currentGap() {
        return lastKeyMicros == VideoStream.NO_TIME || latestMicros == VideoStream.NO_TIME ? 0 : latestMicros - lastKeyMicros;
    }
}
