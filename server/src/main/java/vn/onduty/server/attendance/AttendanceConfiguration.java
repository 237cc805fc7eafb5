package vn.onduty.server.attendance;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The {@code attendance} section: how the background worker keeps computed attendance current. */
public class AttendanceConfiguration {

    /** Whether this instance runs the worker; reads compute what they need either way. */
    @JsonProperty
    private boolean workerEnabled = true;

    /** How often the worker drains the queue of officer-days that changed. */
    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @JsonProperty
    private Duration queueInterval = Duration.seconds(2);

    /**
     * How often the worker makes final the recent sessions that ended (an index of the open ones finds them) and
     * computes the days of officers added since its last round.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration refreshInterval = Duration.minutes(1);

    /**
     * How often a refresh round checks every active officer's recent days instead (also when a site's date changed),
     * which finds every day never computed: a pass over every officer (about 3.7 s of PostgreSQL for the country's
     * 207,000 officers, docs/scale.md) where the ended sessions alone are an index lookup. Reads compute what they
     * show in any case.
     */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration fullRefreshInterval = Duration.minutes(15);

    /** Officer-days taken from the queue per transaction. */
    @Min(1)
    @Max(10_000)
    @JsonProperty
    private int batchSize = 500;

    /**
     * How many groups of officers one recompute (a month of a site, the queue after a calendar edit) computes and
     * writes at once, each on its own database connection: PostgreSQL works on one core per connection. 2 on a
     * 2-core machine (docs/benchmarks.md); 1 computes one group after the other. Must stay below
     * database.maxPoolSize, which requests take connections from too.
     */
    @Min(1)
    @Max(64)
    @JsonProperty
    private int parallelGroups = 2;

    public boolean isWorkerEnabled() {
        return workerEnabled;
    }

    public Duration getQueueInterval() {
        return queueInterval;
    }

    public Duration getRefreshInterval() {
        return refreshInterval;
    }

    public Duration getFullRefreshInterval() {
        return fullRefreshInterval;
    }

    public void setFullRefreshInterval(Duration fullRefreshInterval) {
        this.fullRefreshInterval = fullRefreshInterval;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public int getParallelGroups() {
        return parallelGroups;
    }
}
