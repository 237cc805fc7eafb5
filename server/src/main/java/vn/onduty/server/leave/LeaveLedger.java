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
import vn.onduty.server.calendar.WorkingCalendar;
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
    private final WorkingCalendar calendar;
    private final ObjectMapper json;
    private final Clock clock;

    public LeaveLedger(Jdbi jdbi, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar, ObjectMapper json,
                       Clock clock) {
        this.jdbi = jdbi;
        this.calendar = calendar;
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

    /**
     * Writes the year's allocations an officer does not have yet (the "1 January" entries), as the system, and
     * revises the annual and sick allocations when what they are computed from has changed since (the end of service
     * set, long unpaid or sick leave approved, the post or its allowance changed): the ledger is only added to, so a
     * revision is an adjustment by the system with the new basis.
     */
    void ensureAllocations(LeaveDao.StaffRow staff, int year) {
        List<LeaveType> types = jdbi.withExtension(LeaveDao.class, LeaveDao::types);
        Map<Long, LeaveRules.Entitlement> due = new java.util.HashMap<>();
        for (LeaveType t : types) {
            LeaveRules.Entitlement e = entitlement(staff, t, year);
            if (e != null) {
                due.put(t.id(), e);
            }
        }
        jdbi.useTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            for (LeaveType t : types) {
                LeaveRules.Entitlement e = due.get(t.id());
                if (e != null && !allocate(h, dao, staff, t, year, e, Caller.system("leave-allocation"), null)) {
                    revise(h, dao, staff, t, year, e);
                }
            }
        });
    }

    /** The entitlement of a type as the rules compute it today; null for a type with no yearly allocation. */
    private LeaveRules.Entitlement entitlement(LeaveDao.StaffRow staff, LeaveType t, int year) {
        PostCategory post = PostCategory.valueOf(staff.postCategory());
        return switch (t.allocation()) {
            case ANNUAL -> LeaveRules.annual(post, staff.serviceStartDate(), staff.endOfServiceDate(), year,
                    months(staff, year));
            case SICK -> LeaveRules.sick(post, staff.regionalAllowance(), staff.serviceStartDate(), year);
            case FIXED -> new LeaveRules.Entitlement(t.yearlyDays(), Map.of("rule", "FIXED"));
            case NONE -> null;
        };
    }

    /** The officer's year month by month: working days, days in service, and approved leave counted only up to a limit. */
    private List<LeaveRules.MonthWork> months(LeaveDao.StaffRow staff, int year) {
        LocalDate first = LocalDate.of(year, 1, 1);
        LocalDate last = LocalDate.of(year, 12, 31);
        Map<LocalDate, Map<LeaveRules.Absence, BigDecimal>> absences = new java.util.HashMap<>();
        BigDecimal half = new BigDecimal("0.5");
        for (LeaveDao.AbsenceSession a : jdbi.withExtension(LeaveDao.class, dao -> dao.absences(staff.id(), first, last))) {
            LeaveRules.Absence kind = !a.paid() ? LeaveRules.Absence.UNPAID
                    : "ACCIDENT".equals(a.leaveCode()) ? LeaveRules.Absence.ACCIDENT
                    : "SICK".equals(a.leaveCode()) || "CHILD_SICK".equals(a.leaveCode()) ? LeaveRules.Absence.SICK : null;
            if (kind != null) {
                absences.computeIfAbsent(a.date(), d -> new java.util.EnumMap<>(LeaveRules.Absence.class)).merge(kind, half, BigDecimal::add);
            }
        }
        return LeaveRules.months(calendar.days(staff.homeSiteId(), first, last), staff.serviceStartDate(),
                staff.endOfServiceDate(), absences);
    }

    /** Adds the difference between what the rules give now and what the ledger holds from allocation and revisions. */
    private void revise(Handle h, LeaveDao dao, LeaveDao.StaffRow staff, LeaveType t, int year, LeaveRules.Entitlement e) {
        if (!t.active() || (t.allocation() != LeaveType.Allocation.ANNUAL && t.allocation() != LeaveType.Allocation.SICK)) {
            return;
        }
        BigDecimal held = dao.allocatedWithRevisions(staff.id(), t.id(), year);
        BigDecimal difference = e.days().subtract(held);
        if (difference.signum() == 0) {
            return;
        }
        Map<String, Object> basis = new java.util.LinkedHashMap<>(e.basis());
        basis.put("revision", true);
        basis.put("was", held);
        Optional<Long> id = dao.insertLedger(staff.id(), t.id(), year, "ADJUSTMENT", difference, null,
                "Tính lại theo quy định (" + e.days().stripTrailingZeros().toPlainString() + " ngày)", write(basis), null);
        id.ifPresent(x -> audit.record(h, Caller.system("leave-allocation"), "leave_ledger.revise", "leave_ledger", x,
                Map.of("days", held), Map.of("staffId", staff.id(), "leaveType", t.code(), "year", year, "days", e.days(),
                        "basis", basis)));
    }

    private boolean allocate(Handle h, LeaveDao dao, LeaveDao.StaffRow staff, LeaveType t, int year,
                             LeaveRules.Entitlement e, Caller caller, Long userId) {
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
                    if (allocate(h, dao, s, t, year, entitlement(s, t, year), caller, caller.userId().orElse(null))) {
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
                BigDecimal own = BigDecimal.ZERO;
                Map<Integer, BigDecimal> carriedIn = new java.util.TreeMap<>();
                for (LeaveDao.LedgerRow l : dao.ledger(s.id(), from)) {
                    if (l.leaveTypeId() != t.id()) {
                        continue;
                    }
                    if ("CARRY_OVER".equals(l.kind())) {
                        origins(l, from).forEach((y, d) -> carriedIn.merge(y, d, BigDecimal::add));
                    } else {
                        own = own.add(l.days());
                    }
                }
                LeaveRules.CarryOver c = LeaveRules.carryOver(from, left, own, carriedIn, in.maxDays());
                BigDecimal days = c.days();
                if (days.signum() <= 0) {
                    continue;
                }
                Map<String, Object> basis = new java.util.LinkedHashMap<>();
                basis.put("fromYear", from);
                basis.put("remaining", left);
                basis.put("maxDays", in.maxDays());
                basis.put("byOrigin", c.byOrigin());
                basis.put("droppedOlderThanTwoYears", c.dropped());
                Optional<Long> id = dao.insertLedger(s.id(), t.id(), from + 1, "CARRY_OVER", days, in.validUntil(), null,
                        write(basis), caller.userId().orElse(null));
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

    /**
     * The years the days of a carry-over entry were earned in, from its basis; an entry written before origins were
     * kept holds days of the year before only.
     */
    private Map<Integer, BigDecimal> origins(LeaveDao.LedgerRow carry, int year) {
        Map<Integer, BigDecimal> out = new java.util.TreeMap<>();
        try {
            var node = carry.basis() == null ? null : json.readTree(carry.basis()).get("byOrigin");
            if (node != null && node.isObject()) {
                node.fields().forEachRemaining(f -> out.put(Integer.valueOf(f.getKey()), f.getValue().decimalValue()));
                return out;
            }
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.put(year - 1, carry.days());
        return out;
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
