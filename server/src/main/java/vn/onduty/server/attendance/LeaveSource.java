package vn.onduty.server.attendance;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import vn.onduty.server.calendar.SessionPart;

/**
 * Approved leave as attendance needs it: per officer-day, the leave of each part on leave. Leave plugs in here,
 * reading inside the recompute's transaction; {@link #NONE} has nobody on leave.
 */
public interface LeaveSource {

    LeaveSource NONE = (handle, staffIds, from, to) -> Map.of();

    /**
     * The leave of one session: its legend code, and whether its type runs over calendar days (maternity), so that
     * a holiday or rest day inside it is leave too rather than a holiday.
     */
    record Leave(String code, boolean everyDay) {}

    /** Parts on approved leave of these officers between {@code from} and {@code to}, both included. */
    Map<StaffDay, Map<SessionPart, Leave>> leave(Handle handle, Collection<Long> staffIds, LocalDate from, LocalDate to);
}
