package vn.onduty.agent.camera;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

/**
 * Plays a file as fast as it decodes, stamping each keyframe {@code start + position}, and stops at the
 * end of the first pass (waits there until the pipeline is closed), so a test sees each moment once.
 */
final class OnePassPacing implements Pacing {

    private final Instant start;
    private final Duration length;
    private final CountDownLatch passed = new CountDownLatch(1);

    OnePassPacing(Instant start, Duration length) {
        this.start = start;
        this.length = length;
    }

    @Override
    public Instant frameAt(Duration position) throws InterruptedException {
        if (position.compareTo(length) >= 0) {
            passed.countDown();
            Thread.sleep(Long.MAX_VALUE);
        }
        return start.plus(position);
    }

    /** Waits until the whole file has been played once. */
    boolean awaitPass(Duration within) throws InterruptedException {
        return passed.await(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}
