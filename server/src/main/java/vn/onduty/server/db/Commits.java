package vn.onduty.server.db;

import org.jdbi.v3.core.Handle;

/** How a transaction's commit waits for the disk. */
public final class Commits {

    private Commits() {}

    /**
     * This transaction's commit returns without waiting for its WAL to reach the disk (PostgreSQL's
     * {@code synchronous_commit = off}, for this transaction only; the WAL writer flushes it within a fraction of a
     * second). Consistent, never half-applied, but an operating-system crash in that moment may lose it: only for
     * state the sender repeats anyway, such as an agent's heartbeat (sent again every 15 s, the latest wins), never
     * for what is acknowledged as stored (punches, events, anything a person did).
     */
    public static void withoutWaitingForDisk(Handle h) {
        if (!h.isInTransaction()) {
            throw new IllegalStateException("Only a transaction's commit can skip waiting for the disk");
        }
        h.execute("set local synchronous_commit = off");
    }
}
