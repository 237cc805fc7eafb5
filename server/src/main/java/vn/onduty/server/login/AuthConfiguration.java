package vn.onduty.server.login;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The {@code auth} section of config.yml: password hashing, session lifetimes and login throttling. */
public class AuthConfiguration {

    /** bcrypt work factor; each step doubles the cost of a guess (and of a login). */
    @Min(4)
    @Max(31)
    @JsonProperty
    private int bcryptCost = 12;

    /** A web session ends after this long without a request. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration sessionIdleTimeout = Duration.hours(8);

    /** A web session ends after this long whatever the activity. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration sessionMaxAge = Duration.hours(12);

    /** Lifetime of a token from {@code POST /api/auth/login}. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    @JsonProperty
    private Duration apiTokenLifetime = Duration.hours(12);

    /** Failed logins for one username (or from one address, times 4) inside the window before further tries are refused. */
    @Min(1)
    @JsonProperty
    private int maxFailedLogins = 5;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration failedLoginWindow = Duration.minutes(15);

    public int getBcryptCost() {
        return bcryptCost;
    }

    public Duration getSessionIdleTimeout() {
        return sessionIdleTimeout;
    }

    public Duration getSessionMaxAge() {
        return sessionMaxAge;
    }

    public Duration getApiTokenLifetime() {
        return apiTokenLifetime;
    }

    public int getMaxFailedLogins() {
        return maxFailedLogins;
    }

    public Duration getFailedLoginWindow() {
        return failedLoginWindow;
    }
}
