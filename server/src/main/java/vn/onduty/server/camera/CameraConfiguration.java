package vn.onduty.server.camera;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The {@code camera} section of config.yml. */
public class CameraConfiguration {

    /** How long a snapshot taken to draw zones on is kept before its image is erased. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES, message = "must be at least 1 minute")
    @MaxDuration(value = 7, unit = TimeUnit.DAYS, message = "must be at most 7 days")
    @JsonProperty
    private Duration snapshotLifetime = Duration.hours(24);

    /** The live board calls a counter unknown when its camera's agent has not reported it for this long. */
    @NotNull
    @MinDuration(value = 15, unit = TimeUnit.SECONDS, message = "must be at least 15 seconds (one heartbeat)")
    @JsonProperty
    private Duration agentSilentAfter = Duration.seconds(60);

    public java.time.Duration getSnapshotLifetime() {
        return snapshotLifetime.toJavaDuration();
    }

    public java.time.Duration getAgentSilentAfter() {
        return agentSilentAfter.toJavaDuration();
    }
}
