package vn.onduty.server.retention;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;

/**
 * The {@code retention} section of config.yml: when the nightly run deletes what is past its retention (how long
 * each kind is kept is set by admins on /admin/retention), and how gently.
 */
public class RetentionConfiguration {

    /** Off only where another process deletes (or in tests, which run the job themselves). */
    @JsonProperty
    private boolean nightly = true;

    /** Local time of the site zone below at which the night's run starts (HH:mm); it runs once a night. */
    @NotNull
    @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a time of day such as 02:30")
    @JsonProperty
    private String runAt = "02:30";

    @NotNull
    @Pattern(regexp = "[A-Za-z_]+(/[A-Za-z_+-]+)*", message = "must be a time zone such as Asia/Ho_Chi_Minh")
    @JsonProperty
    private String timeZone = "Asia/Ho_Chi_Minh";

    /** Rows deleted per transaction. */
    @Min(value = 100, message = "must be at least 100")
    @Max(value = 100_000, message = "must be at most 100000")
    @JsonProperty
    private int batchSize = 5000;

    /** Pause between two batches, leaving the database to ingest and the pages. */
    @NotNull
    @MaxDuration(value = 10, unit = TimeUnit.SECONDS, message = "must be at most 10 seconds")
    @JsonProperty
    private Duration pauseBetweenBatches = Duration.milliseconds(100);

    public boolean isNightly() {
        return nightly;
    }

    public LocalTime getRunAt() {
        return LocalTime.parse(runAt);
    }

    public ZoneId getTimeZone() {
        return ZoneId.of(timeZone);
    }

    public int getBatchSize() {
        return batchSize;
    }

    public java.time.Duration getPauseBetweenBatches() {
        return pauseBetweenBatches.toJavaDuration();
    }
}
