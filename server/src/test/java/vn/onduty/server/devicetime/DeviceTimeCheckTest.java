package vn.onduty.server.devicetime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which device stamps are believed, at the edges of the default window (5 minutes ahead, 40 days back). */
class DeviceTimeCheckTest {

    static final Instant NOW = Instant.parse("2026-11-26T03:00:00Z");
    final DeviceTimeCheck check = DeviceTimeCheck.of(new DeviceTimeConfiguration());

    @Test
    void theDefaultsAreFiveMinutesAheadAndFortyDaysBack() {
        assertThat(check.maxAhead()).isEqualTo(Duration.ofMinutes(5));
        assertThat(check.horizon()).isEqualTo(Duration.ofDays(40));
    }

    @Test
    void aStampWithinTheWindowIsBelieved() {
        assertThat(check.check(NOW, NOW)).isEmpty();
        assertThat(check.check(NOW.plus(Duration.ofMinutes(5)), NOW)).isEmpty();
        assertThat(check.check(NOW.minus(Duration.ofDays(40)), NOW)).as("an agent offline for weeks").isEmpty();
    }

    @Test
    void aStampTooFarAheadOrBeforeTheHorizonIsFlagged() {
        assertThat(check.check(NOW.plus(Duration.ofMinutes(5)).plusSeconds(1), NOW)).contains(DeviceTimeCheck.Flag.AHEAD);
        assertThat(check.check(NOW.minus(Duration.ofDays(40)).minusSeconds(1), NOW)).contains(DeviceTimeCheck.Flag.BEFORE_HORIZON);
        assertThat(check.check(Instant.parse("2000-01-01T00:00:00Z"), NOW)).as("a terminal with a flat clock battery")
                .contains(DeviceTimeCheck.Flag.BEFORE_HORIZON);
        assertThat(DeviceTimeCheck.Flag.BEFORE_HORIZON.wire()).isEqualTo("before_horizon");
    }
}
