package vn.onduty.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesTheCeilingUpToTheCapAndDrawsBelowIt() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60), new SplittableRandom(7));
        List<Duration> ceilings = new ArrayList<>();
        for (int failure = 1; failure <= 10; failure++) {
            Duration wait = backoff.next();
            ceilings.add(backoff.ceiling());
            assertThat(wait).isBetween(Duration.ZERO, backoff.ceiling());
        }
        assertThat(ceilings).extracting(Duration::toMillis)
                .containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 32000L, 60000L, 60000L, 60000L);
    }

    @Test
    void jitterSpreadsTheWaitsOverTheWholeRange() {
        Backoff backoff = new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(60), new SplittableRandom(11));
        List<Long> seconds = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seconds.add(backoff.next().toSeconds());
        }
        // Full jitter: agents that failed together must not all come back together.
        assertThat(seconds).anySatisfy(s -> assertThat(s).isLessThan(10))
                .anySatisfy(s -> assertThat(s).isGreaterThan(50));
    }

    @Test
    void startsOverAfterASuccess() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(60), new SplittableRandom(3));
        for (int i = 0; i < 5; i++) {
            backoff.next();
        }
        backoff.reset();
        backoff.next();
        assertThat(backoff.failures()).isEqualTo(1);
        assertThat(backoff.ceiling()).isEqualTo(Duration.ofMillis(500));
    }
}
