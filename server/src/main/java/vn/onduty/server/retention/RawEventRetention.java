package vn.onduty.server.retention;

import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * The AGENT_EVENTS step of a night: deletes the raw events from before the cut-off that nothing was made from,
 * reading only what it has not read before (migration 0265). First the freed list: raw events whose punch or
 * occupancy event this or an earlier run deleted, and late arrivals. Then the raw events after the cursor (the last
 * one looked at) and before the cut-off, in key order, moving the cursor with each batch in the batch's transaction.
 * Those it passes because something was made of them go when that does, through the freed list. A cut-off before the
 * cursor (an admin lengthened the days) takes the cursor back to it: what lies between is looked at again as it ages.
 */
final class RawEventRetention implements Eraser {

    private final Jdbi jdbi;
    private final int size;
    private final Duration pause;

    RawEventRetention(Jdbi jdbi, int size, Duration pause) {
        this.jdbi = jdbi;
        this.size = size;
        this.pause = pause;
    }

    @Override
    public long eraseBefore(Instant cutoff) {
        long total = 0;
        while (true) {
            RetentionDao.RawBatch b = jdbi.inTransaction(h -> h.attach(RetentionDao.class).deleteFreedAgentEvents(cutoff, size));
            total += b.removed();
            if (b.examined() < size || !BatchDelete.paused(pause)) {
                break;
            }
        }
        while (true) {
            RetentionDao.RawBatch b = jdbi.inTransaction(h -> {
                RetentionDao dao = h.attach(RetentionDao.class);
                // No cursor yet (a new or upgraded database): from the oldest raw event, whatever its device's clock said.
                RetentionDao.RawEventKey from = dao.rawEventCursor()
                        .or(() -> dao.oldestRawEvent().map(RetentionDao.RawEventKey::before))
                        .orElse(RetentionDao.RawEventKey.before(cutoff));
                if (!from.at().isBefore(cutoff)) {
                    from = RetentionDao.RawEventKey.before(cutoff);
                    dao.moveRawEventCursor(from);
                }
                RetentionDao.RawBatch batch = dao.deleteUnusedAgentEvents(from, cutoff, size);
                if (batch.last() != null) {
                    dao.moveRawEventCursor(batch.last());
                }
                return batch;
            });
            total += b.removed();
            if (b.examined() < size || !BatchDelete.paused(pause)) {
                return total;
            }
        }
    }
}
