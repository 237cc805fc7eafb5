package vn.onduty.server.db;

/** How a transaction's commit waits for the disk. */
public final class Commits {

    /**
     * A query that makes the commit of the transaction it runs in return without waiting for its WAL to reach the disk
     * (PostgreSQL's {@code synchronous_commit = off}, for that transaction only; the WAL writer flushes it within a
     * fraction of a second). Consistent, never half-applied, but an operating-system crash in that moment may lose it:
     * only for state the sender repeats anyway, such as an agent's last contact (written again within the minute),
     * never for what is acknowledged as stored (punches, events, anything a person did).
     * <p>
     * Written into the statement as a common table expression the statement reads, so that a single statement in a
     * transaction of its own needs no BEGIN, SET and COMMIT of its own: four round trips become one. An unread
     * {@code select} in a {@code with} is not run.
     */
    public static final String WITHOUT_WAITING_FOR_DISK = "select set_config('synchronous_commit', 'off', true) as off";

    private Commits() {}
}
