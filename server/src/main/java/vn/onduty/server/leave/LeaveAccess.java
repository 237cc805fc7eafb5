package vn.onduty.server.leave;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.leave.LeaveRequest.Step;
import vn.onduty.server.timesheet.TimesheetService;

/**
 * Who may see and act on a leave request, and reading requests as they see them: the officer, the supervisors
 * whose scope holds them, the approvers of the request's chain (in their own name, or for an approver who
 * delegated to them) and admins; a month whose timesheet is locked changes for admins only.
 */
public final class LeaveAccess {

    /** Who acts: the caller in their own name (onBehalfOf null) or for an approver who delegated to them. */
    record Authority(Long onBehalfOf) {}

    private final Jdbi jdbi;
    private final AccessPolicy policy;
    private final TimesheetService timesheets;
    private final ObjectMapper json;
    private final Clock clock;

    public LeaveAccess(Jdbi jdbi, AccessPolicy policy, TimesheetService timesheets, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.policy = policy;
        this.timesheets = timesheets;
        this.json = json;
        this.clock = clock;
    }

    /** The request, if the caller may see it. */
    Optional<LeaveRequest> find(long id, Caller caller) {
        return jdbi.withHandle(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            return dao.request(id).map(this::toRequest).filter(r -> canSee(h, caller, r));
        });
    }

    /** The officers whose requests the caller may list. */
    AccessPolicy.StaffScope staffScope(Caller caller) {
        return policy.staffScope(caller);
    }

    LeaveRequest read(LeaveDao dao, long id) {
        return toRequest(dao.request(id).orElseThrow(() -> new NotFoundException("No leave request " + id)));
    }

    /** The request of a row, with its chain, its years and its decisions read from their JSON. */
    LeaveRequest toRequest(LeaveDao.RequestRow r) {
        List<Step> steps;
        List<LeaveRules.YearDays> years;
        List<LeaveRequest.Decision> decisions;
        try {
            steps = json.readValue(r.steps(), new TypeReference<List<Step>>() {});
            years = json.readValue(r.years(), new TypeReference<List<LeaveRules.YearDays>>() {});
            decisions = json.readValue(r.decisions(), new TypeReference<List<LeaveRequest.Decision>>() {});
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new LeaveRequest(r.id(), r.staffId(), r.staffCode(), r.staffName(), r.departmentId(), r.homeSiteId(),
                r.leaveTypeId(), r.leaveTypeCode(), r.nameVi(), r.nameEn(), r.leaveCode(), r.startDate(), r.startPart(), r.endDate(),
                r.endPart(), r.days(), years, r.reason(), r.status(), steps, r.currentStep(), r.balanceWarning(),
                r.substituteStaffId(), r.hasAttachment(), r.requestedBy(), r.createdAt(), r.decidedAt(), r.cancelledAt(), decisions);
    }

    boolean canSee(Caller caller, LeaveRequest r) {
        return jdbi.withHandle(h -> canSee(h, caller, r));
    }

    private boolean canSee(Handle h, Caller caller, LeaveRequest r) {
        if (caller.isAgent()) {
            return false;
        }
        if (caller.isAdmin() || r.staffIdEquals(caller.staffId())
                || policy.canSeeStaff(caller, r.staffId(), r.homeSiteId(), r.departmentId())) {
            return true;
        }
        return r.steps().stream().anyMatch(s -> actingAs(h, caller, r, s).isPresent());
    }

    /** Whether the caller approves this step of the request, in their own name or for someone who delegated to them. */
    Optional<Authority> actingAs(Handle h, Caller caller, LeaveRequest r, Step step) {
        if (caller.isAdmin()) {
            return Optional.of(new Authority(null));
        }
        LeaveDao dao = h.attach(LeaveDao.class);
        if (approves(dao, caller.id(), r, step)) {
            return Optional.of(new Authority(null));
        }
        LocalDate today = dao.staff(r.staffId()).orElseThrow().today(clock);
        for (LeaveDao.Delegator d : dao.delegatorsOf(caller.id(), today)) {
            if (!r.staffIdEquals(d.staffId()) && approves(dao, d.userId(), r, step)) {
                return Optional.of(new Authority(d.userId()));
            }
        }
        return Optional.empty();
    }

    Optional<Authority> actingAs(Caller caller, LeaveRequest r, Step step) {
        return jdbi.withHandle(h -> actingAs(h, caller, r, step));
    }

    private static boolean approves(LeaveDao dao, long userId, LeaveRequest r, Step step) {
        return switch (step.kind()) {
            case ACCOUNT -> step.accountId() != null && step.accountId() == userId;
            case SUPERVISORS -> dao.supervises(userId, r.staffId());
        };
    }

    /** Leave in force changes in each month it touches: a month whose timesheet is locked is for admins only. */
    void requireUnlocked(Handle h, Caller caller, LeaveRequest r) {
        for (YearMonth m = YearMonth.from(r.startDate()); !m.isAfter(YearMonth.from(r.endDate())); m = m.plusMonths(1)) {
            LocalDate d = m.atDay(1).isBefore(r.startDate()) ? r.startDate() : m.atDay(1);
            timesheets.requireUnlockedOrAdmin(h, caller, r.homeSiteId(), r.staffId(), d);
        }
    }
}
