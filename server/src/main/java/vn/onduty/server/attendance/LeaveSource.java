package vn.onduty.server.attendance;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import vn.onduty.server.calendar.SessionPart;

/**
 * Approved leave as attendance needs it: per officer-day, a leave code per part. Leave (issue 5) plugs in
 * here, reading inside the recompute's transaction; until then nobody is on leave.
 */
public interface LeaveSource {

    LeaveSource NONE = (handle, staffIds, from, to) -> Map.of();

    /** Parts on approved leave of these officers between {@code from} and {@code to}, both included. */
    Map<StaffDay, Map<SessionPart, String>> leave(Handle handle, Collection<Long> staffIds, LocalDate from, LocalDate to);
}
