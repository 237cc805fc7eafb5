package vn.onduty.server.backup;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The {@code backup} section of config.yml: where backups of the embedded database go, and the nightly one. With
 * an external PostgreSQL ({@code database.url} set) backups are that server's business (pg_dump, pg_basebackup)
 * and {@code nightly} must stay false.
 */
public class BackupConfiguration {

    /** Take a backup every night at {@link #at}, keeping the newest {@link #keep}. */
    @JsonProperty
    private boolean nightly = false;

    /** Where the nightly backups go, and {@code ./onduty db backup} without a file name. */
    @NotNull
    @JsonProperty
    private Path directory = Path.of("backups");

    /** Local time of the nightly backup (HH:mm), in {@link #zone}: when nobody works. */
    @NotNull
    @JsonProperty
    private LocalTime at = LocalTime.of(2, 30);

    @NotNull
    @JsonProperty
    private ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");

    /** How many nightly backups are kept: the oldest goes once a new one is complete. */
    @Min(value = 1, message = "must be at least 1: the newest backup is always kept")
    @Max(value = 366, message = "must be at most 366")
    @JsonProperty
    private int keep = 7;

    public boolean isNightly() {
        return nightly;
    }

    public Path getDirectory() {
        return directory;
    }

    public LocalTime getAt() {
        return at;
    }

    public ZoneId getZone() {
        return zone;
    }

    public int getKeep() {
        return keep;
    }
}
