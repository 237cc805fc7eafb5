package vn.onduty.server.leave;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.staff.PostCategory;

/**
 * The entitlements ledger and the balances read from it: each officer's yearly allocations (written on first use,
 * or for everyone by an admin), carry-over into the next year and adjustments with a reason. Officers read their
 * own, supervisors their scope; only admins write, and every entry is audited.
 */
public final class LeaveLedger {

    public record AdjustmentInput(Long staffId, Long leaveTypeId, Integer year, BigDecimal days, String reason) {}

    public record CarryOverInput(Integer fromYear, Long leaveTypeId, BigDecimal maxDays, LocalDate validUntil) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final ObjectMapper json;
    private final Clock clock;

    public LeaveLedger(Jdbi jdbi, AuditLog audit, AccessPolicy policy, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.json = json;
        this.clock = clock;
    }

    /** The balances of every tracked type for an officer and year, allocating the year on first use. */
    public List<Balance> balances(long staffId, int year, Caller caller) {
        LeaveDao.StaffRow staff = visibleStaff(staffId, caller);
        checkYear(year);
        ensureAllocations(staff, year);
        LocalDate asOf = staff.today(clock);
        return jdbi.withHandle(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            List<Balance> out = new ArrayList<>();
            for (LeaveType t : dao.types()) {
                if (t.tracked()) {
                    out.add(balance(dao, staff.id(), t, year, asOf));
                }
            }
            return out;
        });
    }

    public List<LeaveDao.LedgerRow> ledger(long staffId, int year, Caller caller) {
        visibleStaff(staffId, caller);
        return jdbi.withExtension(LeaveDao.class, dao -> dao.ledger(staffId, year));
    }

    /** A type's balance of a year as it stands on a date (carry-over expired by then is gone), in the caller's handle. */
    Balance balance(LeaveDao dao, long staffId, LeaveType t, int year, LocalDate asOf) {
        List<Balance.Entry> entries = dao.ledger(staffId, year).stream().filter(l -> l.leaveTypeId() == t.id())
                .map(l -> new Balance.Entry(l.kind(), l.days(), l.validUntil())).toList();
        return Balance.of(staffId, t.id(), t.code(), year, entries, dao.uses(staffId, t.id(), year, null), asOf).named(t);
    }

    /** Writes the year's allocations an officer does not have yet (the "1 January" entries), as the system. */
    void ensureAllocations(LeaveDao.StaffRow staff, int year) {
        jdbi.useTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            for (LeaveType t : dao.types()) {
                allocate(h, dao, staff, t, year, Caller.system("leave-allocation"), null);
            }
        });
    }

    private boolean allocate(Handle h, LeaveDao dao, LeaveDao.StaffRow staff, LeaveType t, int year, Caller caller,
                             Long userId) {
        LeaveRules.Entitlement e = switch (t.allocation()) {
            case ANNUAL -> LeaveRules.annual(PostCategory.valueOf(staff.postCategory()), staff.serviceStartDate(), year);
            case SICK -> LeaveRules.sick(staff.serviceStartDate(), year);
            case FIXED -> new LeaveRules.Entitlement(t.yearlyDays(), Map.of("rule", "FIXED"));
            case NONE -> null;
        };
        if (e == null || !t.active() || dao.allocated(staff.id(), t.id(), year)) {
            return false;
        }
        Optional<Long> id = dao.insertLedger(staff.id(), t.id(), year, "ALLOCATION", e.days(), null, null,
                write(e.basis()), userId);
        id.ifPresent(x -> audit.record(h, caller, "leave_ledger.allocate", "leave_ledger", x, null,
                Map.of("staffId", staff.id(), "leaveType", t.code(), "year", year, "days", e.days(), "basis", e.basis())));
        return id.isPresent();
    }

    /** Allocates a year for every active officer who has no allocation yet; answers how many entries were written. */
    public int allocateYear(Integer year, Caller caller) {
        policy.requireAdmin(caller);
        if (year == null) {
            throw InvalidInputException.field("year", "is required, e.g. 2027");
        }
        checkYear(year);
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            int n = 0;
            for (LeaveDao.StaffRow s : dao.activeStaff()) {
                for (LeaveType t : dao.types()) {
                    if (allocate(h, dao, s, t, year, caller, caller.userId().orElse(null))) {
                        n++;
                    }
                }
            }
            return n;
        });
    }

    /** Brings what is left of a year (up to maxDays) into the next, usable until validUntil. */
    public int carryOver(CarryOverInput in, Caller caller) {
        policy.requireAdmin(caller);
        List<String> problems = new ArrayList<>();
        if (in.fromYear() == null) {
            problems.add("fromYear is required, e.g. 2026");
        }
        if (in.maxDays() == null || in.maxDays().signum() <= 0) {
            problems.add("maxDays must be more than 0");
        }
        if (in.validUntil() == null) {
            problems.add("validUntil is required, e.g. 2027-03-31");
        } else if (in.fromYear() != null && in.validUntil().getYear() != in.fromYear() + 1) {
            problems.add("validUntil must be in " + (in.fromYear() + 1) + ", the year the days are carried into");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid carry-over", problems);
        }
        int from = in.fromYear();
        checkYear(from);
        LocalDate endOfYear = LocalDate.of(from, 12, 31);
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            LeaveType t = in.leaveTypeId() == null ? dao.typeByCode("ANNUAL").orElseThrow()
                    : dao.type(in.leaveTypeId()).orElseThrow(() -> InvalidInputException.field("leaveTypeId",
                            "is not a leave type: " + in.leaveTypeId()));
            if (!t.tracked()) {
                throw InvalidInputException.field("leaveTypeId", "must be a type with a balance");
            }
            int n = 0;
            for (LeaveDao.StaffRow s : dao.activeStaff()) {
                BigDecimal left = balance(dao, s.id(), t, from, endOfYear).remaining();
                BigDecimal days = left.min(in.maxDays());
                if (days.signum() <= 0) {
                    continue;
                }
                Optional<Long> id = dao.insertLedger(s.id(), t.id(), from + 1, "CARRY_OVER", days, in.validUntil(), null,
                        write(Map.of("fromYear", from, "remaining", left, "maxDays", in.maxDays())),
                        caller.userId().orElse(null));
                if (id.isPresent()) {
                    audit.record(h, caller, "leave_ledger.carry_over", "leave_ledger", id.get(), null,
                            Map.of("staffId", s.id(), "leaveType", t.code(), "year", from + 1, "days", days,
                                    "validUntil", in.validUntil().toString()));
                    n++;
                }
            }
            return n;
        });
    }

    public LeaveDao.LedgerRow adjust(AdjustmentInput in, Caller caller) {
        policy.requireAdmin(caller);
        List<String> problems = new ArrayList<>();
        String reason = Text.clean(in.reason());
        if (in.staffId() == null) {
            problems.add("staffId is required");
        }
        if (in.leaveTypeId() == null) {
            problems.add("leaveTypeId is required");
        }
        if (in.year() == null) {
            problems.add("year is required");
        }
        if (in.days() == null || in.days().signum() == 0 || in.days().abs().compareTo(new BigDecimal("366")) > 0
                || in.days().remainder(new BigDecimal("0.5")).signum() != 0) {
            problems.add("days must be a non-zero number of half days, e.g. 1.5 or -2");
        }
        if (reason == null) {
            problems.add("reason is required: say why the entitlement changes");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid adjustment", problems);
        }
        checkYear(in.year());
        LeaveDao.StaffRow staff = visibleStaff(in.staffId(), caller);
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            LeaveType t = dao.type(in.leaveTypeId()).orElseThrow(() -> InvalidInputException.field("leaveTypeId",
                    "is not a leave type: " + in.leaveTypeId()));
            if (!t.tracked()) {
                throw InvalidInputException.field("leaveTypeId", "must be a type with a balance (" + t.code() + " has none)");
            }
            long id = dao.insertLedger(staff.id(), t.id(), in.year(), "ADJUSTMENT", in.days(), null, reason, null,
                    caller.userId().orElse(null)).orElseThrow();
            LeaveDao.LedgerRow row = dao.ledger(staff.id(), in.year()).stream().filter(l -> l.id() == id).findFirst()
                    .orElseThrow();
            audit.record(h, caller, "leave_ledger.adjust", "leave_ledger", id, null, row);
            return row;
        });
    }

    private LeaveDao.StaffRow visibleStaff(long staffId, Caller caller) {
        return jdbi.withExtension(LeaveDao.class, dao -> dao.staff(staffId))
                .filter(s -> policy.canSeeStaff(caller, s.id(), s.homeSiteId(), s.departmentId()))
                .orElseThrow(() -> new NotFoundException("No staff member " + staffId));
    }

    private static void checkYear(int year) {
        if (year < 2000 || year > 2199) {
            throw InvalidInputException.field("year", "must be between 2000 and 2199, got " + year);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
