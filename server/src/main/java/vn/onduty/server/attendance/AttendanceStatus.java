package vn.onduty.server.attendance;

/** What a session of an officer's day was; the meanings are those of table attendance_session (0025). */
public enum AttendanceStatus {
    /** In and out, or in with the out forgiven (then {@code missing} says so). */
    WORKED,
    /** Came after the grace. */
    LATE,
    /** Scheduled, no punch, no leave. */
    ABSENT,
    /** On leave; {@code leaveCode} says which. */
    LEAVE,
    /** A day off of the year's schedule that falls on a day the site normally works. */
    HOLIDAY,
    /** Worked a duty Saturday. */
    DUTY,
    /** An approved correction says the officer worked outside. */
    OFFICIAL_BUSINESS,
    /** No session for this officer in this part of the day. */
    NOT_SCHEDULED,
    /** Today's session that has not ended yet: not final. */
    OPEN
}
