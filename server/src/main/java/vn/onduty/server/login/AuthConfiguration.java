package vn.onduty.server.login;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * The {@code auth} section of config.yml: password hashing, session lifetimes, login throttling and the
 * purge of its state (login attempts and ended sessions themselves are kept as long as the retention settings say).
 */
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

    /** Failed logins in a row for one username (from one browser, or from all browsers it does not know) before it is locked. */
    @Min(1)
    @JsonProperty
    private int maxFailedLogins = 5;

    /** An account's failures are forgotten this long after the last one (a success forgets them at once). */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration failedLoginWindow = Duration.hours(24);

    /** The lock after the maxFailedLogins-th failure; each further failure doubles it. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration firstLockout = Duration.minutes(1);

    /** The doubling stops here. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration maxLockout = Duration.hours(1);

    /**
     * Failed logins from one address (whatever the usernames) inside addressWindow before that address is refused.
     * Far above what one office behind one NAT gets wrong honestly; browsers that signed in before are never refused
     * for their address, and their failures are not counted here.
     */
    @Min(1)
    @JsonProperty
    private int maxFailedLoginsPerAddress = 300;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration addressWindow = Duration.hours(1);

    /** How long a browser that signed in is remembered (its signed device cookie); renewed at each sign-in. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.DAYS)
    @JsonProperty
    private Duration deviceCookieLifetime = Duration.days(180);

    /** How often throttling state that no longer locks or counts is deleted. */
    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @JsonProperty
    private Duration purgeInterval = Duration.hours(1);

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

    public Duration getFirstLockout() {
        return firstLockout;
    }

    public Duration getMaxLockout() {
        return maxLockout;
    }

    public int getMaxFailedLoginsPerAddress() {
        return maxFailedLoginsPerAddress;
    }

    public Duration getAddressWindow() {
        return addressWindow;
    }

    public Duration getDeviceCookieLifetime() {
        return deviceCookieLifetime;
    }

    public Duration getPurgeInterval() {
        return purgeInterval;
    }

    @JsonIgnore
    @AssertTrue(message = "auth.maxLockout must not be shorter than auth.firstLockout")
    public boolean isLockoutOrdered() {
        return maxLockout == null || firstLockout == null
                || maxLockout.toJavaDuration().compareTo(firstLockout.toJavaDuration()) >= 0;
    }
}
