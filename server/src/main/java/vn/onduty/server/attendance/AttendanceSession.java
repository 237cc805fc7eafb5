package vn.onduty.server.attendance;

import java.time.Instant;
import java.time.LocalDate;
import vn.onduty.server.calendar.SessionPart;

/**
 * One row of attendance_session: what one officer did in one session of one day. {@code startsAt} and
 * {@code endsAt} are the scheduled session (null when there is none); {@code correctionId} points at the
 * approved correction that made the status (official business) or gave the in or out punch.
 */
public record AttendanceSession(long staffId, LocalDate workDate, SessionPart part, long siteId,
                                AttendanceStatus status, Instant startsAt, Instant endsAt, Instant inAt,
                                Instant outAt, int lateMinutes, int earlyLeaveMinutes, Missing missing,
                                String leaveCode, Long correctionId) {}
