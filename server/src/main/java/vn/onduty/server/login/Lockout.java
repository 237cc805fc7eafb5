package vn.onduty.server.login;

import java.time.Duration;

/**
 * The growing delays of per-account throttling: free failures first, then a lock after each further failure,
 * doubling from {@code first} up to {@code max}. With the defaults (5, 1 minute, 1 hour) a guesser gets five tries,
 * then one a minute later, one two minutes after that, then four, eight ... and one an hour at most.
 */
record Lockout(int freeFailures, Duration first, Duration max) {

    /** How long the account stays locked after its {@code failures}-th failure in a row: zero below the limit. */
    Duration after(int failures) {
        if (failures < freeFailures) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failures - freeFailures, 40);
        Duration lock = first;
        for (int i = 0; i < doublings && lock.compareTo(max) < 0; i++) {
            lock = lock.multipliedBy(2);
        }
        return lock.compareTo(max) > 0 ? max : lock;
    }
}
