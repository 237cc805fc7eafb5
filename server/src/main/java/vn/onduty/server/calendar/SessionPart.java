package vn.onduty.server.calendar;

/** The two sessions of a Vietnamese office day; a half day of leave or work is one of them. */
public enum SessionPart {
    MORNING,
    AFTERNOON
}
