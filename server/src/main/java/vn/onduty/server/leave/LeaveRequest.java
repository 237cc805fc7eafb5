package vn.onduty.server.leave;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.calendar.SessionPart;

/**
 * A leave request as readers see it: the range in sessions, the working days it counts (and what each calendar year's
 * balance is charged of them), where it stands in its approval chain, and every decision made on it.
 */
public record LeaveRequest(long id, long staffId, String staffCode, String staffName, long departmentId,
                           long homeSiteId, long leaveTypeId, String leaveTypeCode, String leaveTypeNameVi, String leaveTypeNameEn,
                           String leaveCode, LocalDate startDate, SessionPart startPart, LocalDate endDate,
                           SessionPart endPart, BigDecimal days, List<LeaveRules.YearDays> years, String reason, Status status, List<Step> steps,
                           Integer currentStep, String balanceWarning, Long substituteStaffId, boolean hasAttachment, String requestedBy,
                           Instant createdAt, Instant decidedAt, Instant cancelledAt, List<Decision> decisions) {

    public enum Status { PENDING, APPROVED, REJECTED, CANCELLED, CANCEL_REQUESTED }

    /** A step of the chain as it was when the request was made. */
    public record Step(int position, StepKind kind, Long accountId, String accountName) {}

    public enum StepKind { ACCOUNT, SUPERVISORS }

    public record Decision(int step, String action, String decidedBy, String onBehalfOf, String comment,
                           Instant decidedAt) {}

    /** Whether the approved leave counts (also while a cancellation waits for a decision). */
    public boolean inForce() {
        return status == Status.APPROVED || status == Status.CANCEL_REQUESTED;
    }

    /** Whether the request runs over 31 December, so that its days are charged to more than one year. */
    public boolean acrossYears() {
        return startDate.getYear() != endDate.getYear();
    }

    public boolean staffIdEquals(Long other) {
        return other != null && other == staffId;
    }

    public String leaveTypeName(String lang) {
        return "en".equals(lang) ? leaveTypeNameEn : leaveTypeNameVi;
    }

    public Step step(int position) {
        return steps.stream().filter(s -> s.position() == position).findFirst().orElseThrow();
    }

    public Step lastStep() {
        return steps.get(steps.size() - 1);
    }

    /** What the audit log records of the request before and after a change. */
    Map<String, Object> auditSummary() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("staffId", staffId);
        m.put("leaveType", leaveTypeCode);
        m.put("start", startDate + " " + startPart);
        m.put("end", endDate + " " + endPart);
        m.put("days", days);
        m.put("status", status);
        m.put("currentStep", currentStep);
        return m;
    }
}
