package vn.onduty.server.devicetime;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The {@code deviceTime} section of config.yml: which device timestamps are believed ({@link DeviceTimeCheck}). */
public class DeviceTimeConfiguration {

    /** A stamp further ahead of the server's clock than this is flagged. */
    @NotNull
    @MinDuration(value = 0, unit = TimeUnit.SECONDS, inclusive = true, message = "must not be negative")
    @MaxDuration(value = 1, unit = TimeUnit.DAYS, message = "must be at most 1 day")
    @JsonProperty
    private Duration maxAhead = Duration.minutes(5);

    /** A stamp older than this before the server's clock is flagged (kept, for an admin to accept if it is genuine). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS, message = "must be at least 1 day")
    @MaxDuration(value = 3660, unit = TimeUnit.DAYS, message = "must be at most 3660 days")
    @JsonProperty
    private Duration horizon = Duration.days(40);

    public java.time.Duration getMaxAhead() {
        return maxAhead.toJavaDuration();
    }

    public java.time.Duration getHorizon() {
        return horizon.toJavaDuration();
    }
}
