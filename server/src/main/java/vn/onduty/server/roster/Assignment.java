package vn.onduty.server.roster;

import java.time.LocalDate;
import vn.onduty.server.calendar.SessionPart;

/**
 * Who staffs one counter in one session of one date, as the roster has it after the day's changes.
 *
 * @param officer who staffs it; null when nobody is rostered or the counter is closed
 * @param source where the officer (or the closing) comes from; null when nobody is rostered and nothing changed
 * @param closed whether a day change closed the counter for the session
 * @param substituted whom the officer stands in for (SUBSTITUTION only)
 * @param reason the day change's reason
 * @param changeId the day change in force, null when the template decides
 * @param leave the approved leave a SUBSTITUTION covers, when leave approval made it (then reason is the text it was
 *     made with; show the leave instead)
 */
public record Assignment(LocalDate date, SessionPart part, long counterId, int counterNumber, String counterName,
                         Officer officer, Source source, boolean closed, Officer substituted, String reason,
                         Long changeId, LeaveLink leave) {

    public boolean staffed() {
        return officer != null;
    }

    public boolean changed() {
        return changeId != null;
    }
}
