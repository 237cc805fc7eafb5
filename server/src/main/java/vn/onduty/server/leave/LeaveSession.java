package vn.onduty.server.leave;

import java.time.LocalDate;
import vn.onduty.server.calendar.SessionPart;

/**
 * One session an officer is on approved leave, with the leave code the timesheet legend knows and whether the type
 * runs over calendar days (then a holiday or rest day inside it is leave too).
 */
public record LeaveSession(long staffId, LocalDate date, SessionPart part, String leaveCode, boolean countsCalendarDays) {}
