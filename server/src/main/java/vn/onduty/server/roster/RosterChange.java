package vn.onduty.server.roster;

import java.time.Instant;
import java.time.LocalDate;
import vn.onduty.server.calendar.SessionPart;

/**
 * A change to one session of one date at one counter, as stored. {@code revokedAt} is set once a
 * revocation withdrew it; the row itself never changes.
 *
 * @param staffId who staffs the session (ASSIGN, SUBSTITUTION); null when CLOSED
 * @param replacedStaffId whom a SUBSTITUTION stands in for
 * @param leaveRequestId the approved leave a SUBSTITUTION covers, when leave approval made it; its type is read with it
 */
public record RosterChange(long id, long siteId, long counterId, LocalDate date, SessionPart part, ChangeKind kind,
                           Long staffId, String staffCode, String staffName, Long replacedStaffId,
                           String replacedStaffCode, String replacedStaffName, String reason, Instant createdAt,
                           Long createdByUserId, Instant revokedAt, String revokeReason, Long revokedByUserId,
                           Long leaveRequestId, String leaveTypeCode, String leaveTypeNameVi, String leaveTypeNameEn) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public Officer officer() {
        return staffId == null ? null : new Officer(staffId, staffCode, staffName);
    }

    /** The leave this substitution covers; null for a change made by hand. */
    public LeaveLink leave() {
        return leaveRequestId == null ? null
                : new LeaveLink(leaveRequestId, leaveTypeCode, leaveTypeNameVi, leaveTypeNameEn);
    }

    public Officer replaced() {
        return replacedStaffId == null ? null : new Officer(replacedStaffId, replacedStaffCode, replacedStaffName);
    }
}
