package vn.onduty.server.devicetime;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a device's timestamp can be believed: not more than {@code maxAhead} ahead of the server's clock, and not
 * earlier than {@code horizon} before it (a terminal with a flat clock battery says 2000-01-01; an agent may deliver
 * late, but not by months). A stamp outside is kept, flagged for an admin, and counts for nothing until an admin
 * accepts it. One rule for every device that stamps events: the agents' punches here, the terminals' ATTLOG records
 * wherever they are stored ({@code check(recordTime, clock.instant())}, then store {@link Flag#wire()} with the record).
 */
public final class DeviceTimeCheck {

    /** Why a stamp is not believed. */
    public enum Flag {
        /** More than {@code maxAhead} after the server's clock. */
        AHEAD,
        /** Earlier than {@code horizon} before the server's clock. */
        BEFORE_HORIZON;

        /** As stored ({@code punch.time_flag}) and answered in the API. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Duration maxAhead;
    private final Duration horizon;

    public DeviceTimeCheck(Duration maxAhead, Duration horizon) {
        this.maxAhead = maxAhead;
        this.horizon = horizon;
    }

    public static DeviceTimeCheck of(DeviceTimeConfiguration config) {
        return new DeviceTimeCheck(config.getMaxAhead(), config.getHorizon());
    }

    /** @return empty when {@code deviceTime} can be believed at {@code serverNow}, else why not */
    public Optional<Flag> check(Instant deviceTime, Instant serverNow) {
        if (deviceTime.isAfter(serverNow.plus(maxAhead))) {
            return Optional.of(Flag.AHEAD);
        }
        if (deviceTime.isBefore(serverNow.minus(horizon))) {
            return Optional.of(Flag.BEFORE_HORIZON);
        }
        return Optional.empty();
    }

    public Duration maxAhead() {
        return maxAhead;
    }

    public Duration horizon() {
        return horizon;
    }
}
