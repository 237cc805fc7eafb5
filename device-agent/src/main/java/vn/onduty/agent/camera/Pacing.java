package vn.onduty.agent.camera;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When a keyframe of a file source happens. A camera paces itself; a file would be read as fast as the
 * CPU decodes it, so the agent plays it at real time ({@link #realTime}). Tests play files faster and
 * stamp each keyframe with its position in the video ({@link #virtual}), so a ten-minute scene takes
 * seconds and its timestamps are still exact.
 */
public interface Pacing {

    /**
     * Waits (if this pacing waits) until the keyframe at {@code position} from the start of playback is
     * due, and returns the instant it happens at.
     */
    Instant frameAt(Duration position) throws InterruptedException;

    /**
     * The file was opened (again, after a failure): the next {@link #frameAt} begins a new playback,
     * whose position 0 happens when it comes. Without this, the time the file was away would be played
     * back in a rush, every keyframe stamped before the moment it was read. Pacings that stamp a
     * virtual timeline (tests) keep it.
     */
    default void restart() {
    }

    /** Real time: playback starts at the first keyframe and follows the clock. */
    static Pacing realTime(Clock clock) {
        return new Pacing() {
            private Instant start;
            private long startNanos;

            @Override
            public void restart() {
                start = null;
            }

            @Override
            public Instant frameAt(Duration position) throws InterruptedException {
                if (start == null) {
                    start = clock.instant().minus(position);
                    startNanos = System.nanoTime() - position.toNanos();
                }
                long wait = startNanos + position.toNanos() - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                return start.plus(position);
            }
        };
    }

    /** No waiting: the keyframe at position p happens at {@code start + p}. */
    static Pacing virtual(Instant start) {
        return position -> start.plus(position);
    }
}
