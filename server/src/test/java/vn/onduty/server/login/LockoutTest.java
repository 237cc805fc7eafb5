package vn.onduty.server.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockoutTest {

    private final Lockout lockout = new Lockout(5, Duration.ofMinutes(1), Duration.ofHours(1));

    @Test
    void theFirstFailuresCostNothing() {
        for (int failures = 0; failures < 5; failures++) {
            assertThat(lockout.after(failures)).as("after %d failures", failures).isZero();
        }
    }

    @Test
    void eachFailureFromTheLimitOnDoublesTheLock() {
        assertThat(lockout.after(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(lockout.after(6)).isEqualTo(Duration.ofMinutes(2));
        assertThat(lockout.after(7)).isEqualTo(Duration.ofMinutes(4));
        assertThat(lockout.after(10)).isEqualTo(Duration.ofMinutes(32));
    }

    @Test
    void theLockStopsGrowingAtTheMaximum() {
        assertThat(lockout.after(11)).isEqualTo(Duration.ofHours(1));
        assertThat(lockout.after(1_000_000)).isEqualTo(Duration.ofHours(1));
        assertThat(new Lockout(1, Duration.ofSeconds(45), Duration.ofSeconds(60)).after(2)).isEqualTo(Duration.ofSeconds(60));
    }
}
