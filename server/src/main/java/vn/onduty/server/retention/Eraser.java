package vn.onduty.server.retention;

import java.time.Instant;

/**
 * How one kind of record is removed once past its retention: everything from before {@code cutoff}, returning how
 * many records went. Today each kind deletes rows in batches ({@link BatchDelete}); a kind whose table is later
 * partitioned by month can drop the months wholly before the cut-off instead, behind this same interface.
 */
@FunctionalInterface
public interface Eraser {

    long eraseBefore(Instant cutoff);
}
