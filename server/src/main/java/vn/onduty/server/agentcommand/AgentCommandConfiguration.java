package vn.onduty.server.agentcommand;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The {@code agentCommands} section of config.yml. */
public class AgentCommandConfiguration {

    /**
     * A command that no agent has finished this long after it was queued (a calibration: plus its sampling
     * time) ends as expired. At least a minute: an officer must get to the sensor.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES, message = "must be at least 1 minute")
    @MaxDuration(value = 1, unit = TimeUnit.DAYS, message = "must be at most 1 day")
    @JsonProperty
    private Duration expireAfter = Duration.minutes(10);

    /**
     * The longest an agent's command poll is held when it asks to wait (long polling). Below the connector's
     * idleTimeout (30 s by default) and any proxy's read timeout, or they would cut the held request.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS, message = "must be at least 1 second")
    @MaxDuration(value = 5, unit = TimeUnit.MINUTES, message = "must be at most 5 minutes")
    @JsonProperty
    private Duration longPollMax = Duration.seconds(25);

    public java.time.Duration getLongPollMax() {
        return longPollMax.toJavaDuration();
    }

    public java.time.Duration getExpireAfter() {
        return expireAfter.toJavaDuration();
    }
}
