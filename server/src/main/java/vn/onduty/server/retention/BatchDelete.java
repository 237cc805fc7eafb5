package vn.onduty.server.retention;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes in batches, each in a short transaction of its own, so that ingest is never held up: a batch takes row
 * locks only on the old rows it deletes (skipping any another transaction holds), and between batches the job
 * pauses so that the writes of ingest and of the pages go first.
 */
final class BatchDelete implements Eraser {

    /** One batch: deletes at most {@code limit} rows from before {@code cutoff} on the handle; returns how many. */
    @FunctionalInterface
    interface Batch {
        int delete(Handle h, Instant cutoff, int limit);
    }

    private final Jdbi jdbi;
    private final Batch batch;
    private final int size;
    private final Duration pause;

    BatchDelete(Jdbi jdbi, Batch batch, int size, Duration pause) {
        this.jdbi = jdbi;
        this.batch = batch;
        this.size = size;
        this.pause = pause;
    }

    @Override
    public long eraseBefore(Instant cutoff) {
        long total = 0;
        while (true) {
            int n = jdbi.inTransaction(h -> batch.delete(h, cutoff, size));
            total += n;
            if (n < size || !paused(pause)) {
                return total;
            }
        }
    }

    /** The pause between two batches of a step; false when the thread was interrupted (the run stops). */
    static boolean paused(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
