package vn.onduty.server.terminal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The {@code terminals} section of config.yml: ZKTeco-family terminals pushing over ADMS (/iclock/*). */
public class TerminalConfiguration {

    /** Attendance lines kept aside per waiting (not yet adopted) terminal; later ones are answered but not kept. */
    @Min(value = 0, message = "must be 0 or more")
    @Max(value = 1_000_000, message = "must be at most 1000000")
    @JsonProperty
    private int keptLinesWhileWaiting = 10_000;

    /** Serial numbers that may wait for a decision at once; a new one beyond that is answered but not remembered. */
    @Min(value = 1, message = "must be at least 1")
    @Max(value = 100_000, message = "must be at most 100000")
    @JsonProperty
    private int maxWaiting = 200;

    /** Distinct unreadable lines kept per terminal for its page. */
    @Min(value = 1, message = "must be at least 1")
    @Max(value = 100_000, message = "must be at most 100000")
    @JsonProperty
    private int maxRejectedLines = 1_000;

    /** Users kept per terminal from its user list. */
    @Min(value = 1, message = "must be at least 1")
    @Max(value = 1_000_000, message = "must be at most 1000000")
    @JsonProperty
    private int maxUsers = 20_000;

    /** Seconds between a terminal's command polls (the Delay option of the handshake). */
    @Min(value = 1, message = "must be at least 1 second")
    @Max(value = 600, message = "must be at most 600 seconds")
    @JsonProperty
    private int pollSeconds = 10;

    /** Seconds a terminal waits after a failed request before it tries again (ErrorDelay). */
    @Min(value = 5, message = "must be at least 5 seconds")
    @Max(value = 3600, message = "must be at most 3600 seconds")
    @JsonProperty
    private int errorDelaySeconds = 30;

    /** Minutes between a terminal's checks for records to upload besides its realtime pushes (TransInterval). */
    @Min(value = 1, message = "must be at least 1 minute")
    @Max(value = 1440, message = "must be at most 1440 minutes")
    @JsonProperty
    private int transIntervalMinutes = 1;

    /** An adopted terminal that has not called for this long during its site's working hours is flagged. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES, message = "must be at least 1 minute")
    @JsonProperty
    private Duration silentAfter = Duration.minutes(10);

    /** A terminal whose clock is off by more than this is flagged. */
    @NotNull
    @MinDuration(value = 10, unit = TimeUnit.SECONDS, message = "must be at least 10 seconds")
    @JsonProperty
    private Duration clockTolerance = Duration.minutes(2);

    /** A command a terminal was handed and never answered ends as expired this long after. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES, message = "must be at least 1 minute")
    @MaxDuration(value = 7, unit = TimeUnit.DAYS, message = "must be at most 7 days")
    @JsonProperty
    private Duration commandTimeout = Duration.minutes(10);

    public int getKeptLinesWhileWaiting() {
        return keptLinesWhileWaiting;
    }

    public int getMaxWaiting() {
        return maxWaiting;
    }

    public int getMaxRejectedLines() {
        return maxRejectedLines;
    }

    public int getMaxUsers() {
        return maxUsers;
    }

    public IclockReplies.Timing timing() {
        return new IclockReplies.Timing(pollSeconds, errorDelaySeconds, transIntervalMinutes);
    }

    public java.time.Duration getSilentAfter() {
        return silentAfter.toJavaDuration();
    }

    public java.time.Duration getClockTolerance() {
        return clockTolerance.toJavaDuration();
    }

    public java.time.Duration getCommandTimeout() {
        return commandTimeout.toJavaDuration();
    }
}
