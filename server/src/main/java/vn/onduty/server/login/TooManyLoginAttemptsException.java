package vn.onduty.server.login;

import java.time.Duration;

/** Too many failed logins for a username or from an address: HTTP 429 with Retry-After. */
public class TooManyLoginAttemptsException extends RuntimeException {
    private final Duration retryAfter;

    public TooManyLoginAttemptsException(Duration retryAfter) {
        super("Too many failed logins; try again in " + Math.max(1, retryAfter.toMinutes()) + " minute(s)");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
