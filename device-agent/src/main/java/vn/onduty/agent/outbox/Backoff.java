package vn.onduty.agent.outbox;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th consecutive failure wait a random time between
 * 0 and min(cap, initial * 2^(n-1)). The jitter keeps a province's hundred agents from hammering a
 * server in lockstep when it comes back.
 */
public final class Backoff {

    private final Duration initial;
    private final Duration cap;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration initial, Duration cap, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || cap.compareTo(initial) < 0) {
            throw new IllegalArgumentException("need 0 < initial <= cap, got " + initial + " and " + cap);
        }
        this.initial = initial;
        this.cap = cap;
        this.random = random;
    }

    /** Records a failure and returns how long to wait before the next attempt. */
    public synchronized Duration next() {
        failures++;
        return Duration.ofNanos(random.nextLong(ceiling().toNanos() + 1));
    }

    /** The upper bound of the current wait, for logs and tests. */
    public synchronized Duration ceiling() {
        int doublings = Math.max(0, Math.min(failures - 1, 62));
        long nanos = initial.toNanos();
        for (int i = 0; i < doublings && nanos < cap.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, cap.toNanos()));
    }

    public synchronized void reset() {
        failures = 0;
    }

    public synchronized int failures() {
        return failures;
    }
}
