package vn.onduty.server.login;

import java.time.Duration;

/** Too many failed logins for a username or from an address ({@link LoginThrottle}): HTTP 429 with Retry-After. */
public class TooManyLoginAttemptsException extends RuntimeException {
    private final Duration retryAfter;

    public TooManyLoginAttemptsException(Duration retryAfter) {
        super("Too many failed logins; try again in " + minutes(retryAfter) + " minute(s)");
        this.retryAfter = retryAfter;
    }

    /** Whole minutes, rounded up: "try again in 1 minute" must not be said of 90 seconds. */
    public long retryAfterMinutes() {
        return minutes(retryAfter);
    }

    private static long minutes(Duration d) {
        return Math.max(1, (d.toSeconds() + 59) / 60);
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
