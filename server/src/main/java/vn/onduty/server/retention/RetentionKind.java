package vn.onduty.server.retention;

/**
 * The kinds of record OnDuty deletes once they are older than their retention: how long by default and at the
 * least (days). The reason for each default, shown to admins and in the officers' privacy notice, is in the message
 * bundles ({@code retention.reason.KIND}). What is never deleted: punches that count (resolved ones), attendance,
 * timesheets (a locked month stays as filed), leave, the organisation itself.
 *
 * <p>Personal data is kept only as long as its purpose needs (Decree 13/2023/NĐ-CP, Art. 3); the audit log is the
 * evidence behind timesheets and leave, kept as accounting documents are (Decree 174/2016/NĐ-CP, Art. 11: at least
 * five years). The database itself refuses to delete an audit event younger than a year (migration 0183).
 */
public enum RetentionKind {

    /**
     * agent_event rows that no punch or occupancy event was made from. The least, 7 days, is also the age from which
     * migration 0265's trigger lists a raw event arriving late for the step (RawEventRetention): lowering it needs a
     * migration that changes the trigger too.
     */
    AGENT_EVENTS(90, 7),
    /** Punches from a slot nobody was enrolled in, never assigned to an officer. */
    UNRESOLVED_PUNCHES(180, 62),
    /** Counter presence from cameras: occupancy intervals and the occupancy events they were read from. */
    OCCUPANCY(365, 31),
    /** The record that a camera frame was taken to draw zones on (the image itself is erased within a day). */
    CAMERA_SNAPSHOTS(90, 1),
    /** Queue tickets with their ratings, and the queue-system files uploaded for them. */
    TICKETS(730, 62),
    /** Login attempts, and sessions that ended (expired or signed out). */
    LOGINS(90, 1),
    /** The audit log. */
    AUDIT_EVENTS(1825, 365);

    private final int defaultDays;
    private final int minDays;

    RetentionKind(int defaultDays, int minDays) {
        this.defaultDays = defaultDays;
        this.minDays = minDays;
    }

    public int defaultDays() {
        return defaultDays;
    }

    /** The least an admin may set: below it a record could go before its purpose is served (a month filed). */
    public int minDays() {
        return minDays;
    }

    public static final int MAX_DAYS = 7300;
}
