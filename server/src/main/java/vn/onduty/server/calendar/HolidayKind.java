package vn.onduty.server.calendar;

/** What an entry in a year's schedule makes of its date. */
public enum HolidayKind {
    /** A public holiday, a Tết day, a compensatory day (nghỉ bù) or any other day off. */
    DAY_OFF,
    /** A Saturday or Sunday worked in exchange for a day off (ngày làm bù). */
    WORKING_DAY
}
