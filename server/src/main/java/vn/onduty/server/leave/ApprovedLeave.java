package vn.onduty.server.leave;

import java.time.LocalDate;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import vn.onduty.server.attendance.LeaveSource;
import vn.onduty.server.attendance.StaffDay;
import vn.onduty.server.calendar.SessionPart;

/**
 * Approved leave as daily attendance reads it: for each officer-day, the timesheet code of the leave of each part and
 * whether its type runs over calendar days, read in the recompute's own transaction with one query.
 */
public final class ApprovedLeave implements LeaveSource {

    @Override
    public Map<StaffDay, Map<SessionPart, Leave>> leave(Handle handle, Collection<Long> staffIds, LocalDate from,
                                                        LocalDate to) {
        Map<StaffDay, Map<SessionPart, Leave>> out = new HashMap<>();
        if (staffIds.isEmpty()) {
            return out;
        }
        for (LeaveSession s : handle.attach(LeaveDao.class).approvedSessions(staffIds.toArray(Long[]::new), from, to)) {
            out.computeIfAbsent(new StaffDay(s.staffId(), s.date()), k -> new EnumMap<>(SessionPart.class))
                    .put(s.part(), new Leave(s.leaveCode(), s.countsCalendarDays()));
        }
        return out;
    }
}
