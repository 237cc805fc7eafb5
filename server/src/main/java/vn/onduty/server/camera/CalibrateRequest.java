package vn.onduty.server.camera;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** "The seat is empty now: sample it for this long" (default 60 s). */
public record CalibrateRequest(@Min(10) @Max(600) Integer seconds) {

    public static final int DEFAULT_SECONDS = 60;

    public int secondsOrDefault() {
        return seconds == null ? DEFAULT_SECONDS : seconds;
    }
}
