package vn.onduty.server.db;

/**
 * The periodic jobs that run on one server instance at a time when several instances share one database, each with
 * the key of the PostgreSQL advisory lock that says which instance runs it now ({@link ExclusiveJobs}): the lock
 * {@code (4016, id)}, in a namespace of its own (4004 holds the attendance recompute's officer locks, 4005 the
 * roster's). Every one of them was already safe to run on two instances at once (row locks, idempotent deletes, the
 * retention run's claim in {@code retention_run}): the lock saves the second instance the same work, it is not what
 * keeps the data right. So a round that runs twice (a lock connection lost while its instance carries on) costs
 * time, never a wrong row.
 *
 * <p>Not here, on purpose: draining the attendance queue (split by rows with {@code for update skip locked}: two
 * instances share it, which is faster), the agents' long polls (each instance holds its own), the nightly backup
 * (of the embedded database only, which one server alone may use) and the demo's seeding (at start, under its own
 * lock).
 */
public enum ExclusiveJob {

    /**
     * Yesterday and today of every active officer, every minute (AttendanceWorker): one pass over every officer of
     * the country; on two instances both would find the same stale days and the second would wait for the first
     * on each officer's lock, then recompute what is already current.
     */
    ATTENDANCE_REFRESH(1, "attendance-refresh"),
    /** The sweep expiring agents' and terminals' overdue commands, every minute: two sweeps find the same rows. */
    COMMAND_EXPIRY(2, "command-expiry"),
    /** Erasing the images of expired camera snapshots, every 10 minutes. */
    CAMERA_SNAPSHOT_ERASURE(3, "camera-snapshot-erasure"),
    /** Deleting sign-in throttling state that no longer locks or counts. */
    SIGN_IN_PURGE(4, "sign-in-purge"),
    /**
     * The nightly retention run (RetentionJob): long batched deletes; its night is also claimed in
     * {@code retention_run}, and the lock tells a claim left unfinished by an instance that died (its lock gone
     * with it) from one still running.
     */
    RETENTION(5, "retention");

    /** The first key of every job's lock: the number of the issue that made them (several instances, one database). */
    public static final int LOCK_NAMESPACE = 4016;

    private final int id;
    private final String jobName;

    ExclusiveJob(int id, String jobName) {
        this.id = id;
        this.jobName = jobName;
    }

    /** The second key of the job's advisory lock. */
    public int lockId() {
        return id;
    }

    /** As the logs and the metrics name it. */
    public String jobName() {
        return jobName;
    }
}
