package vn.onduty.server.leave;

import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * The kinds of leave and their rules (paid, balance kept, yearly allocation, half days, documents, the timesheet
 * legend code their days are marked with); everyone reads them, admins create and change them, audited.
 */
public final class LeaveTypes {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;

    public LeaveTypes(Jdbi jdbi, AuditLog audit, AccessPolicy policy) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
    }

    public List<LeaveType> all() {
        return jdbi.withExtension(LeaveDao.class, LeaveDao::types);
    }

    public LeaveType create(LeaveTypeInput in, Caller caller) {
        policy.requireAdmin(caller);
        LeaveType t = typeOf(0, in);
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            if (dao.typeByCode(t.code()).isPresent()) {
                throw new ConflictException("Leave type code " + t.code() + " is already used");
            }
            long id = dao.insertType(t);
            LeaveType created = dao.type(id).orElseThrow();
            audit.record(h, caller, "leave_type.create", "leave_type", id, null, created);
            return created;
        });
    }

    public LeaveType update(long id, LeaveTypeInput in, Caller caller) {
        policy.requireAdmin(caller);
        LeaveType t = typeOf(id, in);
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            LeaveType before = dao.lockType(id).orElseThrow(() -> new NotFoundException("No leave type " + id));
            if (!before.code().equals(t.code()) && dao.typeByCode(t.code()).isPresent()) {
                throw new ConflictException("Leave type code " + t.code() + " is already used");
            }
            dao.updateType(t);
            LeaveType after = dao.type(id).orElseThrow();
            audit.record(h, caller, "leave_type.update", "leave_type", id, before, after);
            return after;
        });
    }

    private LeaveType typeOf(long id, LeaveTypeInput in) {
        List<String> problems = new ArrayList<>();
        String timesheetCode = Text.clean(in.timesheetCode());
        boolean known = timesheetCode != null
                && jdbi.withExtension(LeaveDao.class, dao -> dao.timesheetCodeExists(timesheetCode));
        if (!known) {
            problems.add("timesheetCode must be a code of the timesheet legend, e.g. ANNUAL, got '" + in.timesheetCode() + "'");
        }
        if (in.allocation() == LeaveType.Allocation.FIXED && in.yearlyDays() == null) {
            problems.add("yearlyDays is required when allocation is FIXED");
        }
        if (in.allocation() != null && in.allocation() != LeaveType.Allocation.NONE
                && in.balanceRule() == LeaveType.BalanceRule.NONE) {
            problems.add("balanceRule must be WARN or BLOCK when the type has a yearly allocation");
        }
        if (in.limitRule() == LeaveType.LimitRule.PATERNITY && in.eventWindowDays() == null) {
            problems.add("eventWindowDays is required for PATERNITY: the days after the birth within which it is taken (60)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid leave type", problems);
        }
        return new LeaveType(id, Text.clean(in.code()), Text.clean(in.nameVi()), Text.clean(in.nameEn()), timesheetCode,
                in.paid(), in.balanceRule(), in.allocation(), in.yearlyDays(), in.maxDays(), in.halfDaysAllowed(),
                in.documentRequired(), in.sortOrder() == null ? 100 : in.sortOrder(),
                in.active() == null || in.active(), Boolean.TRUE.equals(in.countsCalendarDays()), in.limitRule(),
                in.eventWindowDays());
    }
}
