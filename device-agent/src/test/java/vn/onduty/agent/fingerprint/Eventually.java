package vn.onduty.agent.fingerprint;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something another thread makes true; the bound only keeps a broken build from hanging. */
final class Eventually {

    private Eventually() {
    }

    static void until(Duration within, BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    static void until(Duration within, BooleanSupplier condition, String failure) {
        until(within, condition, () -> failure);
    }
}
