package vn.onduty.server.leave;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.postgresql.util.PSQLException;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.leave.LeaveRequest.Status;
import vn.onduty.server.leave.LeaveRequest.Step;
import vn.onduty.server.leave.LeaveRequest.StepKind;
import vn.onduty.server.org.staff.PostCategory;
import vn.onduty.server.roster.Assignment;
import vn.onduty.server.roster.Officer;
import vn.onduty.server.roster.RosterDay;
import vn.onduty.server.roster.RosterRules;
import vn.onduty.server.roster.RosterService;
import vn.onduty.server.timesheet.TimesheetService;

/**
 * Leave: types, the entitlements ledger and balances, requests and their approval along a chain. Who may do what:
 * an officer requests and cancels their own leave and reads their own; supervisors read the leave of their scope;
 * approvers (the chain's accounts, the supervisors of the officer, whoever they delegated to, and admins) decide;
 * nobody decides on their own request. Every change is audited in its own transaction; approved leave changes
 * are reported to {@link LeaveChanges} and notifications mailed after the change commits.
 */
public final class LeaveService {

    /** Largest attachment accepted, decoded. */
    public static final int MAX_ATTACHMENT_BYTES = 2 * 1024 * 1024;
    static final Set<String> ATTACHMENT_TYPES = Set.of("application/pdf", "image/jpeg", "image/png");

    public record AdjustmentInput(Long staffId, Long leaveTypeId, Integer year, BigDecimal days, String reason) {}

    public record CarryOverInput(Integer fromYear, Long leaveTypeId, BigDecimal maxDays, LocalDate validUntil) {}

    /**
     * A decision. step is the step being decided; substituteStaffId (last step only) puts that officer in for the
     * requester at every counter session the leave leaves uncovered.
     */
    public record DecisionInput(Integer step, String comment, Long substituteStaffId) {
        public DecisionInput(Integer step, String comment) {
            this(step, comment, null);
        }
    }

    /**
     * A counter session the request takes the officer away from: where, whether a substitute already stands in,
     * and the officers of the same department at the site who are free then (not rostered at any site, not on leave).
     */
    public record Coverage(LocalDate date, SessionPart part, long counterId, int counterNumber, String counterName,
                           Officer substitute, List<Officer> free) {
        public boolean covered() {
            return substitute != null;
        }
    }

    public record CancelInput(String reason) {}

    public record ChainInput(Long siteId, Long departmentId, List<StepInput> steps) {}

    public record StepInput(StepKind kind, Long accountId) {}

    public record Chain(long id, Long siteId, Long departmentId, List<Step> steps) {}

    public record DelegationInput(Long fromUserId, Long toUserId, LocalDate startsOn, LocalDate endsOn) {}

    /**
     * What a request would count, before it is made: for the form's live count. balance is that of the first year
     * charged; years has each year the request is charged to, with its part of the days and that year's balance.
     */
    public record Preview(BigDecimal days, Balance balance, List<YearShare> years, String problem) {}

    /** The days a request charges to one year and that year's balance before it (null for a type with none). */
    public record YearShare(int year, BigDecimal days, Balance balance) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final WorkingCalendar calendar;
    private final TimesheetService timesheets;
    private final RosterService roster;
    private final LeaveChanges changes;
    private final LeaveNotifier notifier;
    private final ObjectMapper json;
    private final Clock clock;

    public LeaveService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar,
                        TimesheetService timesheets, RosterService roster, LeaveChanges changes, LeaveNotifier notifier,
                        ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.calendar = calendar;
        this.timesheets = timesheets;
        this.roster = roster;
        this.changes = changes;
        this.notifier = notifier;
        this.json = json;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ types

    public List<LeaveType> types() {
        return jdbi.withExtension(LeaveDao.class, LeaveDao::types);
    }

    public LeaveType createType(LeaveTypeInput in, Caller caller) {
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

    public LeaveType updateType(long id, LeaveTypeInput in, Caller caller) {
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
        boolean known = timesheetCode != null && jdbi.withHandle(h -> h.createQuery(
                "select exists (select 1 from timesheet_symbol where code = :c)").bind("c", timesheetCode)
                .mapTo(Boolean.class).one());
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
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid leave type", problems);
        }
        return new LeaveType(id, Text.clean(in.code()), Text.clean(in.nameVi()), Text.clean(in.nameEn()), timesheetCode,
                in.paid(), in.balanceRule(), in.allocation(), in.yearlyDays(), in.maxDays(), in.halfDaysAllowed(),
                in.documentRequired(), in.sortOrder() == null ? 100 : in.sortOrder(),
                in.active() == null || in.active());
    }

    // ------------------------------------------------------------------ ledger and balances

    /** The balances of every tracked type for an officer and year, allocating the year on first use. */
    public List<Balance> balances(long staffId, int year, Caller caller) {
        LeaveDao.StaffRow staff = visibleStaff(staffId, caller);
        checkYear(year);
        ensureAllocations(staff, year);
        LocalDate asOf = today(staff);
        return jdbi.withHandle(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            List<Balance> out = new ArrayList<>();
            for (LeaveType t : dao.types()) {
                if (t.tracked()) {
                    out.add(balance(dao, staff.id(), t, year, asOf, null));
                }
            }
            return out;
        });
    }

    public List<LeaveDao.LedgerRow> ledger(long staffId, int year, Caller caller) {
        visibleStaff(staffId, caller);
        return jdbi.withExtension(LeaveDao.class, dao -> dao.ledger(staffId, year));
    }

    private Balance balance(LeaveDao dao, long staffId, LeaveType t, int year, LocalDate asOf, Long except) {
        List<Balance.Entry> entries = dao.ledger(staffId, year).stream().filter(l -> l.leaveTypeId() == t.id())
                .map(l -> new Balance.Entry(l.kind(), l.days(), l.validUntil())).toList();
        return Balance.of(staffId, t.id(), t.code(), year, entries, dao.uses(staffId, t.id(), year, except), asOf).named(t);
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
                BigDecimal left = balance(dao, s.id(), t, from, endOfYear, null).remaining();
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

    // ------------------------------------------------------------------ requests

    /** years: the request's working days per calendar year, each charged to that year's balance. */
    private record Checked(LeaveDao.StaffRow staff, LeaveType type, SessionPart startPart, SessionPart endPart,
                           BigDecimal days, List<LeaveRules.YearDays> years, byte[] attachment) {}

    /** The working days and balance a request would have; problems come back as text rather than failures. */
    public Preview preview(LeaveRequestInput in, Caller caller) {
        try {
            Checked c = check(in, caller);
            List<YearShare> shares = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (LeaveRules.YearDays y : c.years()) {
                Balance b = null;
                if (c.type().tracked()) {
                    ensureAllocations(c.staff(), y.year());
                    b = jdbi.withExtension(LeaveDao.class, dao -> balance(dao, c.staff().id(), c.type(), y.year(),
                            asOf(c.staff(), in.startDate(), y.year()), null));
                    shortfall(b, y, c).ifPresent(problems::add);
                }
                shares.add(new YearShare(y.year(), y.days(), b));
            }
            return new Preview(c.days(), shares.get(0).balance(), shares, problems.isEmpty() ? null : String.join("; ", problems));
        } catch (InvalidInputException e) {
            return new Preview(null, null, List.of(), String.join("; ", e.details()));
        }
    }

    /** The day a year's balance is judged on for a request: carry-over expired by then is gone. */
    private LocalDate asOf(LeaveDao.StaffRow staff, LocalDate start, int year) {
        LocalDate first = later(start, LocalDate.of(year, 1, 1));
        return later(today(staff), first);
    }

    /** What is missing from a year's balance for the request's part of that year, if anything. */
    private static Optional<String> shortfall(Balance b, LeaveRules.YearDays part, Checked c) {
        if (b.remaining().compareTo(part.days()) >= 0) {
            return Optional.empty();
        }
        return Optional.of("Not enough balance: " + b.remaining() + " day(s) left of " + c.type().code() + " in "
                + part.year() + ", the request counts " + part.days()
                + (c.years().size() > 1 ? " there (of " + c.days() + " in all)" : ""));
    }

    public LeaveRequest request(LeaveRequestInput in, Caller caller) {
        Checked c = check(in, caller);
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person may request leave"));
        c.years().forEach(y -> ensureAllocations(c.staff(), y.year()));
        LeaveDao.StaffRow staff = c.staff();
        LeaveType type = c.type();
        LeaveRequest made = jdbi.inTransaction(h -> {
            // One officer's requests are made one at a time, so two at once cannot both spend the last days.
            h.createQuery("select id from staff where id = :id for update").bind("id", staff.id()).mapTo(Long.class).one();
            LeaveDao dao = h.attach(LeaveDao.class);
            String warning = null;
            if (type.tracked()) {
                // Each year's part against that year's balance: the block or warning is per year.
                List<String> shortfalls = new ArrayList<>();
                for (LeaveRules.YearDays y : c.years()) {
                    Balance b = balance(dao, staff.id(), type, y.year(), asOf(staff, in.startDate(), y.year()), null);
                    shortfall(b, y, c).ifPresent(shortfalls::add);
                }
                if (!shortfalls.isEmpty() && type.balanceRule() == LeaveType.BalanceRule.BLOCK) {
                    throw new InvalidInputException("Not enough leave balance", shortfalls);
                }
                warning = shortfalls.isEmpty() ? null : String.join("; ", shortfalls);
            }
            List<Step> steps = chainFor(dao, staff);
            long id;
            try {
                id = dao.insertRequest(staff.id(), type.id(), in.startDate(), c.startPart(), in.endDate(), c.endPart(),
                        LeaveRules.slot(in.startDate(), c.startPart()), LeaveRules.slot(in.endDate(), c.endPart()),
                        c.days(), Text.clean(in.reason()), write(steps), warning, userId, clock.instant());
            } catch (UnableToExecuteStatementException e) {
                throw overlapOr(e, staff.id(), in.startDate(), in.endDate());
            }
            for (LeaveRules.YearDays y : c.years()) {
                dao.insertRequestYear(id, y.year(), y.days());
            }
            if (c.attachment() != null) {
                dao.insertAttachment(id, Text.clean(in.attachment().fileName()), in.attachment().contentType().strip(),
                        c.attachment());
            }
            LeaveRequest r = read(dao, id);
            audit.record(h, caller, "leave_request.create", "leave_request", id, null, summary(r));
            return r;
        });
        notifier.toApprovers(made, made.step(1), approvers(made, made.step(1)));
        return made;
    }

    private Checked check(LeaveRequestInput in, Caller caller) {
        List<String> problems = new ArrayList<>();
        Long staffId = in.staffId() != null ? in.staffId() : caller.staffId();
        if (staffId == null) {
            problems.add("staffId is required: this account is not linked to an officer");
        }
        if (in.leaveTypeId() == null) {
            problems.add("leaveTypeId is required");
        }
        if (in.startDate() == null) {
            problems.add("startDate is required, e.g. 2026-12-01");
        }
        if (in.endDate() == null) {
            problems.add("endDate is required, e.g. 2026-12-03");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid leave request", problems);
        }
        if (!caller.isAdmin() && !staffId.equals(caller.staffId())) {
            throw new ForbiddenException("An officer requests leave for themselves only; an administrator may for anyone");
        }
        LeaveDao.StaffRow staff = jdbi.withExtension(LeaveDao.class, dao -> dao.staff(staffId))
                .orElseThrow(() -> InvalidInputException.field("staffId", "is not a staff member: " + staffId));
        LeaveType type = jdbi.withExtension(LeaveDao.class, dao -> dao.type(in.leaveTypeId()))
                .filter(LeaveType::active)
                .orElseThrow(() -> InvalidInputException.field("leaveTypeId", "is not an active leave type: " + in.leaveTypeId()));
        SessionPart startPart = in.startPartOrDefault();
        SessionPart endPart = in.endPartOrDefault();
        if (in.endDate().isBefore(in.startDate())) {
            problems.add("endDate must not be before startDate (" + in.startDate() + ")");
        } else if (in.endDate().equals(in.startDate()) && startPart == SessionPart.AFTERNOON && endPart == SessionPart.MORNING) {
            problems.add("endPart must not be before startPart on the same day");
        } else if (in.endDate().isAfter(in.startDate().plusYears(1))) {
            problems.add("endDate must be within a year of startDate (" + in.startDate() + ")");
        }
        if (!type.halfDaysAllowed() && (startPart == SessionPart.AFTERNOON || endPart == SessionPart.MORNING)) {
            problems.add("startPart/endPart: " + type.code() + " is taken in whole days only");
        }
        byte[] attachment = null;
        if (in.attachment() != null) {
            attachment = decode(in.attachment(), problems);
        } else if (type.documentRequired()) {
            problems.add("attachment is required for " + type.code() + " (a certificate or note, PDF, JPEG or PNG)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid leave request", problems);
        }
        List<CalendarDay> days = calendar.days(staff.homeSiteId(), in.startDate(), in.endDate());
        List<LeaveRules.YearDays> years = LeaveRules.workingDaysByYear(days, in.startDate(), startPart, in.endDate(), endPart);
        BigDecimal count = years.stream().map(LeaveRules.YearDays::days).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(1);
        if (count.signum() == 0) {
            throw InvalidInputException.field("endDate", "the request covers no working day (weekends and holidays do not count)");
        }
        if (type.maxDays() != null && count.compareTo(type.maxDays()) > 0) {
            throw InvalidInputException.field("endDate", "the request counts " + count + " working days; " + type.code()
                    + " allows at most " + type.maxDays().stripTrailingZeros().toPlainString() + " per request");
        }
        return new Checked(staff, type, startPart, endPart, count, years, attachment);
    }

    private static byte[] decode(LeaveRequestInput.Attachment a, List<String> problems) {
        String type = a.contentType() == null ? null : a.contentType().strip().toLowerCase(java.util.Locale.ROOT);
        if (type == null || !ATTACHMENT_TYPES.contains(type)) {
            problems.add("attachment.contentType must be application/pdf, image/jpeg or image/png, got '" + a.contentType() + "'");
            return null;
        }
        if (Text.clean(a.fileName()) == null) {
            problems.add("attachment.fileName is required");
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(a.base64() == null ? "" : a.base64());
        } catch (IllegalArgumentException e) {
            problems.add("attachment.base64 is not base64");
            return null;
        }
        if (bytes.length == 0) {
            problems.add("attachment is empty");
        } else if (bytes.length > MAX_ATTACHMENT_BYTES) {
            problems.add("attachment is " + bytes.length + " bytes; at most " + MAX_ATTACHMENT_BYTES + " (2 MB)");
        } else if (!looksLike(type, bytes)) {
            problems.add("attachment is not a " + type + " file (its content does not match)");
        }
        return bytes;
    }

    /** The first bytes of the format: a file named .pdf that is not one is refused. */
    static boolean looksLike(String type, byte[] b) {
        return switch (type) {
            case "application/pdf" -> b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-';
            case "image/png" -> b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
            case "image/jpeg" -> b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
            default -> false;
        };
    }

    private static RuntimeException overlapOr(UnableToExecuteStatementException e, long staffId, LocalDate from, LocalDate to) {
        if (e.getCause() instanceof PSQLException p && "23P01".equals(p.getSQLState())) {
            return new ConflictException("Leave overlaps another request of this officer between " + from + " and " + to
                    + ": cancel that one first or choose other days");
        }
        return e;
    }

    private List<Step> chainFor(LeaveDao dao, LeaveDao.StaffRow staff) {
        List<LeaveDao.ChainStepRow> rows = dao.chainFor(staff.homeSiteId(), staff.departmentId());
        if (rows.isEmpty()) {
            return List.of(new Step(1, StepKind.SUPERVISORS, null, null));
        }
        return rows.stream().map(r -> new Step(r.position(), StepKind.valueOf(r.approverKind()), r.accountId(),
                r.accountName())).toList();
    }

    public Optional<LeaveRequest> find(long id, Caller caller) {
        return jdbi.withHandle(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            return dao.request(id).map(r -> toRequest(dao, r)).filter(r -> canSee(h, caller, r));
        });
    }

    public Page<LeaveRequest> list(Long staffId, Status status, LocalDate from, LocalDate to, PageRequest page,
                                   Caller caller) {
        AccessPolicy.StaffScope scope = policy.staffScope(caller);
        String s = status == null ? null : status.name();
        return jdbi.withHandle(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            return new Page<>(dao.requests(scope, staffId, s, from, to, page.size(), page.offset()).stream()
                    .map(r -> toRequest(dao, r)).toList(), page.page(), page.size(),
                    dao.countRequests(scope, staffId, s, from, to));
        });
    }

    public LeaveDao.AttachmentRow attachment(long id, Caller caller) {
        find(id, caller).orElseThrow(() -> new NotFoundException("No leave request " + id));
        return jdbi.withExtension(LeaveDao.class, dao -> dao.attachment(id))
                .orElseThrow(() -> new NotFoundException("Leave request " + id + " has no attachment"));
    }

    // ------------------------------------------------------------------ decisions

    public LeaveRequest approve(long id, DecisionInput in, Caller caller) {
        return decide(id, in, caller, true);
    }

    public LeaveRequest reject(long id, DecisionInput in, Caller caller) {
        return decide(id, in, caller, false);
    }

    private LeaveRequest decide(long id, DecisionInput in, Caller caller, boolean approve) {
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person decides on leave"));
        String comment = Text.clean(in == null ? null : in.comment());
        if (!approve && comment == null) {
            throw InvalidInputException.field("comment", "is required when rejecting: say why");
        }
        LeaveRequest before = jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockRequest(id).orElseThrow(() -> new NotFoundException("No leave request " + id));
            return read(dao, id);
        });
        if (!canSee(caller, before)) {
            throw new NotFoundException("No leave request " + id);
        }
        LeaveRequest after = jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockRequest(id);
            LeaveRequest r = read(dao, id);
            if (r.status() == Status.CANCEL_REQUESTED) {
                Authority who = authority(h, caller, r, r.lastStep())
                        .orElseThrow(() -> new ForbiddenException("Only an approver of the last step decides on a cancellation"));
                dao.insertDecision(id, r.lastStep().position(), approve ? "CANCEL_APPROVE" : "CANCEL_REJECT", userId,
                        who.onBehalfOf(), comment, clock.instant());
                if (approve) {
                    requireUnlocked(h, caller, r);
                    withdrawSubstitutions(h, caller, r);
                }
                dao.setStatus(id, approve ? Status.CANCELLED : Status.APPROVED, null, clock.instant());
            } else {
                if (r.status() != Status.PENDING) {
                    throw new ConflictException("Already decided: leave request " + id + " is " + r.status());
                }
                if (in == null || in.step() == null) {
                    throw InvalidInputException.field("step", "is required: the step being decided, as the request shows it ("
                            + r.currentStep() + ")");
                }
                if (!in.step().equals(r.currentStep())) {
                    throw new ConflictException("Already decided: step " + in.step() + " of leave request " + id
                            + " was decided; it is now at step " + r.currentStep());
                }
                Step step = r.step(r.currentStep());
                Authority who = authority(h, caller, r, step).orElseThrow(() -> new ForbiddenException(
                        "You are not an approver of step " + step.position() + " of this request"));
                dao.insertDecision(id, step.position(), approve ? "APPROVE" : "REJECT", userId, who.onBehalfOf(), comment,
                        clock.instant());
                boolean last = step.position() == r.lastStep().position();
                Long substitute = in.substituteStaffId();
                if (substitute != null && !approve) {
                    throw InvalidInputException.field("substituteStaffId", "is chosen when approving, not when rejecting");
                }
                if (substitute != null) {
                    requireFree(coverage(h, r), substitute);
                    // Chosen at an earlier step, it waits on the request until the leave is approved.
                    dao.setSubstitute(id, substitute);
                }
                if (approve && last) {
                    requireUnlocked(h, caller, r);
                    Long chosen = substitute != null ? substitute : r.substituteStaffId();
                    if (chosen != null) {
                        substitute(h, caller, r, chosen);
                    }
                }
                dao.setStatus(id, !approve ? Status.REJECTED : last ? Status.APPROVED : Status.PENDING,
                        approve && !last ? Integer.valueOf(step.position() + 1) : null, clock.instant());
            }
            LeaveRequest a = read(dao, id);
            audit.record(h, caller, "leave_request." + (approve ? "approve" : "reject"), "leave_request", id, summary(r),
                    summary(a));
            return a;
        });
        afterChange(before, after);
        return after;
    }

    public LeaveRequest cancel(long id, CancelInput in, Caller caller) {
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person cancels leave"));
        String reason = Text.clean(in == null ? null : in.reason());
        LeaveRequest before = find(id, caller).orElseThrow(() -> new NotFoundException("No leave request " + id));
        if (!caller.isAdmin() && !before.staffIdEquals(caller.staffId())) {
            throw new ForbiddenException("Only the officer (or an administrator) cancels a leave request");
        }
        LeaveRequest after = jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockRequest(id);
            LeaveRequest r = read(dao, id);
            LocalDate today = today(dao.staff(r.staffId()).orElseThrow());
            switch (r.status()) {
                case PENDING -> {
                    dao.insertDecision(id, 0, "CANCEL", userId, null, reason, clock.instant());
                    dao.setStatus(id, Status.CANCELLED, null, clock.instant());
                }
                case APPROVED -> {
                    if (today.isBefore(r.startDate()) || caller.isAdmin()) {
                        requireUnlocked(h, caller, r);
                        withdrawSubstitutions(h, caller, r);
                        dao.insertDecision(id, 0, "CANCEL", userId, null, reason, clock.instant());
                        dao.setStatus(id, Status.CANCELLED, null, clock.instant());
                    } else {
                        if (reason == null) {
                            throw InvalidInputException.field("reason", "is required to cancel leave that has begun");
                        }
                        dao.insertDecision(id, 0, "CANCEL_REQUEST", userId, null, reason, clock.instant());
                        dao.setStatus(id, Status.CANCEL_REQUESTED, null, clock.instant());
                    }
                }
                default -> throw new ConflictException("Already decided: leave request " + id + " is " + r.status()
                        + " and cannot be cancelled");
            }
            LeaveRequest a = read(dao, id);
            audit.record(h, caller, "leave_request.cancel", "leave_request", id, summary(r), summary(a));
            return a;
        });
        afterChange(before, after);
        return after;
    }

    // ------------------------------------------------------------------ counter coverage

    public List<Coverage> coverage(long id, Caller caller) {
        LeaveRequest r = find(id, caller).orElseThrow(() -> new NotFoundException("No leave request " + id));
        return jdbi.withHandle(h -> coverage(h, r));
    }

    private List<Coverage> coverage(Handle h, LeaveRequest r) {
        LeaveDao dao = h.attach(LeaveDao.class);
        List<RosterDay> days = roster.days(h, r.homeSiteId(), r.startDate(), r.endDate());
        List<LeaveDao.StaffRow> team = dao.team(r.homeSiteId(), r.departmentId());
        List<LeaveRequest> away = dao.live(team.stream().map(LeaveDao.StaffRow::id).toArray(Long[]::new), r.startDate(),
                r.endDate()).stream().filter(x -> x.id() != r.id()).map(x -> toRequest(dao, x)).toList();
        // An officer another site's roster has in a session is not free for this site's counter then.
        Set<RosterRules.Seat> elsewhere = roster.rosteredElsewhere(h, r.homeSiteId(),
                team.stream().map(LeaveDao.StaffRow::id).toList(), r.startDate(), r.endDate()).keySet();
        List<Coverage> out = new ArrayList<>();
        for (RosterDay d : days) {
            for (Assignment a : d.assignments()) {
                boolean mine = a.officer() != null && a.officer().id() == r.staffId();
                boolean replaced = a.substituted() != null && a.substituted().id() == r.staffId();
                if (!(mine || replaced) || !covers(r, d.date(), a.part())) {
                    continue;
                }
                Set<Long> rostered = new java.util.HashSet<>();
                d.assignments().stream().filter(x -> x.part() == a.part() && x.officer() != null)
                        .forEach(x -> rostered.add(x.officer().id()));
                List<Officer> free = team.stream()
                        .filter(s -> s.id() != r.staffId() && !rostered.contains(s.id())
                                && !elsewhere.contains(new RosterRules.Seat(s.id(), d.date(), a.part()))
                                && away.stream().noneMatch(x -> x.staffId() == s.id() && covers(x, d.date(), a.part())))
                        .map(s -> new Officer(s.id(), s.code(), s.fullName())).toList();
                out.add(new Coverage(d.date(), a.part(), a.counterId(), a.counterNumber(), a.counterName(),
                        replaced ? a.officer() : null, free));
            }
        }
        return out;
    }

    private static boolean covers(LeaveRequest r, LocalDate date, SessionPart part) {
        long slot = LeaveRules.slot(date, part);
        return slot >= LeaveRules.slot(r.startDate(), r.startPart()) && slot <= LeaveRules.slot(r.endDate(), r.endPart());
    }

    private static void requireFree(List<Coverage> coverage, long substituteId) {
        List<Coverage> gaps = coverage.stream().filter(c -> !c.covered()).toList();
        if (gaps.isEmpty()) {
            throw InvalidInputException.field("substituteStaffId", "the request leaves no counter session uncovered");
        }
        for (Coverage c : gaps) {
            if (c.free().stream().noneMatch(o -> o.id() == substituteId)) {
                throw InvalidInputException.field("substituteStaffId", substituteId + " is not free at the "
                        + c.part() + " session of " + c.date() + " (rostered elsewhere, on leave, or of another department)");
            }
        }
    }

    /**
     * Puts the substitute in at each uncovered counter session of the request where they are free, in the approval's
     * transaction (a substitute chosen at an earlier step may have been rostered elsewhere since: those sessions stay
     * uncovered and show so).
     */
    private void substitute(Handle h, Caller caller, LeaveRequest r, long substituteId) {
        List<Coverage> gaps = coverage(h, r).stream()
                .filter(c -> !c.covered() && c.free().stream().anyMatch(o -> o.id() == substituteId)).toList();
        for (Coverage c : gaps) {
            roster.assignSubstitute(h, caller, r.staffId(), substituteId, c.date(), c.part(),
                    "Nghỉ phép: " + r.leaveTypeNameVi() + " (đơn #" + r.id() + ")", r.id());
        }
    }

    /**
     * Approved leave cancelled (before it began, by an admin, or a cancellation approved): the substitutions its
     * approval put into the roster are revoked with the roster's own revocation, audited, in the cancellation's
     * transaction, over the whole range as the leave itself is withdrawn over the whole range; the officer is back
     * at the counter. A substitute who did stand in on a past day is put back by hand as a manual substitution.
     */
    private void withdrawSubstitutions(Handle h, Caller caller, LeaveRequest r) {
        try {
            roster.revokeLeaveSubstitutions(h, caller, r.id(), "Huỷ nghỉ phép (đơn #" + r.id() + ")");
        } catch (ConflictException e) {
            throw new ConflictException("Leave request " + r.id() + " cannot be cancelled yet (its substitutions are"
                    + " withdrawn with it): " + e.getMessage());
        }
    }

    private void requireUnlocked(Handle h, Caller caller, LeaveRequest r) {
        for (YearMonth m = YearMonth.from(r.startDate()); !m.isAfter(YearMonth.from(r.endDate())); m = m.plusMonths(1)) {
            LocalDate d = m.atDay(1).isBefore(r.startDate()) ? r.startDate() : m.atDay(1);
            timesheets.requireUnlockedOrAdmin(h, caller, r.homeSiteId(), r.staffId(), d);
        }
    }

    private void afterChange(LeaveRequest before, LeaveRequest after) {
        if (before.inForce() != after.inForce()) {
            changes.changed(after.staffId(), after.startDate(), after.endDate());
        }
        if (after.status() == Status.PENDING && !java.util.Objects.equals(before.currentStep(), after.currentStep())) {
            Step next = after.step(after.currentStep());
            notifier.toApprovers(after, next, approvers(after, next));
        } else if (after.status() != before.status() && after.status() != Status.CANCELLED) {
            if (after.status() == Status.CANCEL_REQUESTED) {
                notifier.toApprovers(after, after.lastStep(), approvers(after, after.lastStep()));
            } else {
                jdbi.withExtension(LeaveDao.class, dao -> dao.requester(after.staffId()))
                        .ifPresent(to -> notifier.toRequester(after, to));
            }
        } else if (before.status() == Status.CANCEL_REQUESTED) {
            jdbi.withExtension(LeaveDao.class, dao -> dao.requester(after.staffId()))
                    .ifPresent(to -> notifier.toRequester(after, to));
        }
    }

    private List<LeaveDao.Recipient> approvers(LeaveRequest r, Step step) {
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Ho_Chi_Minh")));
        return jdbi.withExtension(LeaveDao.class, dao -> dao.approvers(r.staffId(), step.kind().name(), step.accountId(),
                today));
    }

    /** Who acts: the caller in their own name (onBehalfOf null) or for an approver who delegated to them. */
    record Authority(Long onBehalfOf) {}

    private Optional<Authority> authority(Handle h, Caller caller, LeaveRequest r, Step step) {
        if (r.staffIdEquals(caller.staffId())) {
            throw new ForbiddenException("Nobody approves their own leave request");
        }
        return actingAs(h, caller, r, step);
    }

    private Optional<Authority> actingAs(Handle h, Caller caller, LeaveRequest r, Step step) {
        if (caller.isAdmin()) {
            return Optional.of(new Authority(null));
        }
        LeaveDao dao = h.attach(LeaveDao.class);
        if (approves(dao, caller.id(), r, step)) {
            return Optional.of(new Authority(null));
        }
        LocalDate today = today(dao.staff(r.staffId()).orElseThrow());
        for (LeaveDao.Delegator d : dao.delegatorsOf(caller.id(), today)) {
            if (!r.staffIdEquals(d.staffId()) && approves(dao, d.userId(), r, step)) {
                return Optional.of(new Authority(d.userId()));
            }
        }
        return Optional.empty();
    }

    private static boolean approves(LeaveDao dao, long userId, LeaveRequest r, Step step) {
        return switch (step.kind()) {
            case ACCOUNT -> step.accountId() != null && step.accountId() == userId;
            case SUPERVISORS -> dao.supervises(userId, r.staffId());
        };
    }

    /** Whether the caller may act on the request now (for pages: show the buttons). */
    public boolean canDecide(LeaveRequest r, Caller caller) {
        if (r.staffIdEquals(caller.staffId()) || caller.isAgent()) {
            return false;
        }
        Step step = r.status() == Status.PENDING ? r.step(r.currentStep())
                : r.status() == Status.CANCEL_REQUESTED ? r.lastStep() : null;
        return step != null && jdbi.withHandle(h -> actingAs(h, caller, r, step)).isPresent();
    }

    private boolean canSee(Caller caller, LeaveRequest r) {
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

    /** The requests waiting for this caller's decision: where they are a named approver, a supervisor or a delegate. */
    public List<LeaveRequest> inbox(Caller caller) {
        if (caller.isAgent()) {
            return List.of();
        }
        return jdbi.withHandle(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            List<LeaveRequest> out = new ArrayList<>();
            for (LeaveDao.RequestRow row : dao.open()) {
                LeaveRequest r = toRequest(dao, row);
                if (r.staffIdEquals(caller.staffId())) {
                    continue;
                }
                Step step = r.status() == Status.PENDING ? r.step(r.currentStep()) : r.lastStep();
                if (designated(h, caller, r, step)) {
                    out.add(r);
                }
            }
            return out;
        });
    }

    /** Designated, not merely allowed: an admin may decide anything, but their inbox holds only what names them. */
    private boolean designated(Handle h, Caller caller, LeaveRequest r, Step step) {
        LeaveDao dao = h.attach(LeaveDao.class);
        if (approves(dao, caller.id(), r, step)) {
            return true;
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of("Asia/Ho_Chi_Minh")));
        return dao.delegatorsOf(caller.id(), today).stream()
                .anyMatch(d -> !r.staffIdEquals(d.staffId()) && approves(dao, d.userId(), r, step));
    }

    // ------------------------------------------------------------------ chains and delegation

    public List<Chain> chains() {
        List<LeaveDao.ChainStepRow> rows = jdbi.withExtension(LeaveDao.class, LeaveDao::chainSteps);
        Map<Long, Chain> chains = new LinkedHashMap<>();
        for (LeaveDao.ChainStepRow r : rows) {
            Chain c = chains.computeIfAbsent(r.chainId(), id -> new Chain(id, r.siteId(), r.departmentId(), new ArrayList<>()));
            c.steps().add(new Step(r.position(), StepKind.valueOf(r.approverKind()), r.accountId(), r.accountName()));
        }
        return chains.values().stream().map(c -> new Chain(c.id(), c.siteId(), c.departmentId(), List.copyOf(c.steps())))
                .toList();
    }

    /** Sets the chain of a site or a department; no steps removes it (the default, "supervisors", applies again). */
    public Optional<Chain> setChain(ChainInput in, Caller caller) {
        policy.requireAdmin(caller);
        List<String> problems = new ArrayList<>();
        if ((in.siteId() == null) == (in.departmentId() == null)) {
            problems.add("siteId or departmentId: give exactly one");
        }
        List<StepInput> steps = in.steps() == null ? List.of() : in.steps();
        if (steps.size() > 9) {
            problems.add("steps: at most 9");
        }
        for (int i = 0; i < steps.size(); i++) {
            StepInput s = steps.get(i);
            if (s == null || s.kind() == null) {
                problems.add("steps[" + i + "].kind is required: ACCOUNT or SUPERVISORS");
            } else if ((s.kind() == StepKind.ACCOUNT) != (s.accountId() != null)) {
                problems.add("steps[" + i + "].accountId is required for ACCOUNT and not allowed for SUPERVISORS");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid approval chain", problems);
        }
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            for (int i = 0; i < steps.size(); i++) {
                Long account = steps.get(i).accountId();
                if (account != null && dao.account(account).filter(LeaveDao.AccountRow::active).isEmpty()) {
                    throw InvalidInputException.field("steps[" + i + "].accountId", "is not an active account: " + account);
                }
            }
            List<Chain> before = chains().stream().filter(c -> java.util.Objects.equals(c.siteId(), in.siteId())
                    && java.util.Objects.equals(c.departmentId(), in.departmentId())).toList();
            dao.insertChain(in.siteId(), in.departmentId());
            long id = dao.lockChain(in.siteId(), in.departmentId()).orElseThrow();
            dao.clearSteps(id);
            if (steps.isEmpty()) {
                dao.deleteChain(id);
                audit.record(h, caller, "leave_chain.remove", "leave_chain", id, before, null);
                return Optional.<Chain>empty();
            }
            for (int i = 0; i < steps.size(); i++) {
                dao.insertStep(id, i + 1, steps.get(i).kind().name(), steps.get(i).accountId());
            }
            dao.touchChain(id);
            List<Step> now = dao.chainSteps().stream().filter(r -> r.chainId() == id)
                    .map(r -> new Step(r.position(), StepKind.valueOf(r.approverKind()), r.accountId(), r.accountName()))
                    .toList();
            Chain after = new Chain(id, in.siteId(), in.departmentId(), now);
            audit.record(h, caller, "leave_chain.set", "leave_chain", id, before.isEmpty() ? null : before.get(0), after);
            return Optional.of(after);
        });
    }

    /** The accounts a chain step or a delegation may name: active supervisors and admins. */
    public List<LeaveDao.AccountRow> approverAccounts() {
        return jdbi.withExtension(LeaveDao.class, LeaveDao::approverAccounts);
    }

    /** An officer's post category, for the staff form. */
    public List<LeaveDao.DelegationRow> delegations(Caller caller) {
        return jdbi.withExtension(LeaveDao.class, dao -> dao.delegations(caller.isAdmin(), caller.id()));
    }

    /** An approver hands their approvals to another account for a while; an admin may set one for anyone. */
    public LeaveDao.DelegationRow delegate(DelegationInput in, Caller caller) {
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person delegates"));
        long from = in.fromUserId() == null ? userId : in.fromUserId();
        if (from != userId && !caller.isAdmin()) {
            throw new ForbiddenException("Only an administrator delegates for someone else");
        }
        if (!caller.isAdmin() && !caller.isSupervisor()) {
            throw new ForbiddenException("Only approvers (supervisors) delegate their approvals");
        }
        List<String> problems = new ArrayList<>();
        if (in.toUserId() == null) {
            problems.add("toUserId is required");
        } else if (in.toUserId() == from) {
            problems.add("toUserId must be another account");
        }
        if (in.startsOn() == null || in.endsOn() == null) {
            problems.add("startsOn and endsOn are required");
        } else if (in.endsOn().isBefore(in.startsOn())) {
            problems.add("endsOn must not be before startsOn");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid delegation", problems);
        }
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.account(in.toUserId()).filter(LeaveDao.AccountRow::active)
                    .orElseThrow(() -> InvalidInputException.field("toUserId", "is not an active account: " + in.toUserId()));
            long id = dao.insertDelegation(from, in.toUserId(), in.startsOn(), in.endsOn(), userId);
            LeaveDao.DelegationRow row = dao.delegation(id).orElseThrow();
            audit.record(h, caller, "leave_delegation.create", "leave_delegation", id, null, row);
            return row;
        });
    }

    /**
     * Ends a delegation at once: from now on the delegate no longer decides in the delegator's name, so what waited
     * for them waits only for the delegator (who never stopped being an approver). The one who delegated and admins
     * revoke; the delegate sees the delegation but may not end it (403); anyone else is told it does not exist.
     */
    public LeaveDao.DelegationRow revokeDelegation(long id, Caller caller) {
        long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person revokes a delegation"));
        return jdbi.inTransaction(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            dao.lockDelegation(id).orElseThrow(() -> new NotFoundException("No delegation " + id));
            LeaveDao.DelegationRow before = dao.delegation(id).orElseThrow();
            if (!caller.isAdmin() && before.fromUserId() != userId) {
                if (before.toUserId() == userId) {
                    throw new ForbiddenException("Only " + before.fromUsername()
                            + ", who delegated, or an administrator revokes this delegation");
                }
                throw new NotFoundException("No delegation " + id);
            }
            if (before.revoked()) {
                throw new ConflictException("Already revoked: delegation " + id + " was revoked at " + before.revokedAt()
                        + " by " + before.revokedBy());
            }
            if (before.endsOn().isBefore(delegationToday())) {
                throw new ConflictException("Delegation " + id + " already ended on " + before.endsOn());
            }
            dao.revokeDelegation(id, clock.instant(), userId);
            LeaveDao.DelegationRow after = dao.delegation(id).orElseThrow();
            audit.record(h, caller, "leave_delegation.revoke", "leave_delegation", id, before, after);
            return after;
        });
    }

    /** Whether the page offers this caller the revoke button: their own (or, for admins, any) running or future one. */
    public boolean canRevoke(LeaveDao.DelegationRow d, Caller caller) {
        return !d.revoked() && !d.endsOn().isBefore(delegationToday())
                && (caller.isAdmin() || caller.userId().filter(u -> u == d.fromUserId()).isPresent());
    }

    /** Delegations run by the dates of the country's zone, as the inbox reads them. */
    private LocalDate delegationToday() {
        return LocalDate.now(clock.withZone(ZoneId.of("Asia/Ho_Chi_Minh")));
    }

    // ------------------------------------------------------------------ what attendance reads

    /** Sessions of approved leave of these officers in the range, in one query (see {@link LeaveDao#approvedSessions}). */
    public List<LeaveSession> approvedSessions(Collection<Long> staffIds, LocalDate from, LocalDate to) {
        if (staffIds.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> approvedSessions(h, staffIds, from, to));
    }

    /** {@link #approvedSessions(Collection, LocalDate, LocalDate)} inside the caller's transaction (attendance's recompute). */
    public List<LeaveSession> approvedSessions(Handle h, Collection<Long> staffIds, LocalDate from, LocalDate to) {
        if (staffIds.isEmpty()) {
            return List.of();
        }
        return h.attach(LeaveDao.class).approvedSessions(staffIds.toArray(Long[]::new), from, to);
    }

    // ------------------------------------------------------------------ team calendar

    public TeamCalendar teamCalendar(YearMonth month, Long siteId, Long departmentId, Caller caller) {
        if ((siteId == null) == (departmentId == null)) {
            throw InvalidInputException.field("siteId", "or departmentId: give exactly one");
        }
        // A site or department the caller may choose; its people cut to those the caller may see.
        boolean allowed = siteId != null ? policy.mayChooseSite(caller, siteId)
                : policy.mayChooseDepartment(caller, departmentId);
        if (!allowed) {
            throw new ForbiddenException("The team calendar is for the supervisors of the site or department");
        }
        LocalDate from = month.atDay(1);
        LocalDate to = month.atEndOfMonth();
        return jdbi.withHandle(h -> {
            LeaveDao dao = h.attach(LeaveDao.class);
            List<LeaveDao.StaffRow> team = dao.team(siteId, departmentId).stream()
                    .filter(s -> policy.canSeeStaff(caller, s.id(), s.homeSiteId(), s.departmentId())).toList();
            Map<String, String> symbols = new HashMap<>();
            h.createQuery("select code, symbol from timesheet_symbol").map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> symbols.put(e.getKey(), e.getValue()));
            List<LeaveRequest> live = dao.live(team.stream().map(LeaveDao.StaffRow::id).toArray(Long[]::new), from, to)
                    .stream().map(r -> toRequest(dao, r)).toList();
            Map<Long, List<CalendarDay>> calendars = new HashMap<>();
            long headerSite = siteId != null ? siteId : team.isEmpty() ? -1 : team.get(0).homeSiteId();
            List<CalendarDay> header = headerSite < 0 ? List.of()
                    : calendars.computeIfAbsent(headerSite, s -> calendar.days(s, from, to));
            List<RosterDay> rosterDays = siteId == null ? List.of() : roster.days(h, siteId, from, to);
            return TeamCalendar.build(month, siteId, departmentId, header, team,
                    s -> calendars.computeIfAbsent(s.homeSiteId(), x -> calendar.days(x, from, to)), live, symbols,
                    rosterDays);
        });
    }

    // ------------------------------------------------------------------ helpers

    private LeaveDao.StaffRow visibleStaff(long staffId, Caller caller) {
        return jdbi.withExtension(LeaveDao.class, dao -> dao.staff(staffId))
                .filter(s -> policy.canSeeStaff(caller, s.id(), s.homeSiteId(), s.departmentId()))
                .orElseThrow(() -> new NotFoundException("No staff member " + staffId));
    }

    private LocalDate today(LeaveDao.StaffRow staff) {
        return LocalDate.now(clock.withZone(ZoneId.of(staff.timeZone())));
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static void checkYear(int year) {
        if (year < 2000 || year > 2199) {
            throw InvalidInputException.field("year", "must be between 2000 and 2199, got " + year);
        }
    }

    private LeaveRequest read(LeaveDao dao, long id) {
        return toRequest(dao, dao.request(id).orElseThrow(() -> new NotFoundException("No leave request " + id)));
    }

    private LeaveRequest toRequest(LeaveDao dao, LeaveDao.RequestRow r) {
        List<Step> steps;
        List<LeaveRules.YearDays> years;
        try {
            steps = json.readValue(r.steps(), new TypeReference<List<Step>>() {});
            years = json.readValue(r.years(), new TypeReference<List<LeaveRules.YearDays>>() {});
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        return new LeaveRequest(r.id(), r.staffId(), r.staffCode(), r.staffName(), r.departmentId(), r.homeSiteId(),
                r.leaveTypeId(), r.leaveTypeCode(), r.nameVi(), r.nameEn(), r.leaveCode(), r.startDate(), r.startPart(), r.endDate(),
                r.endPart(), r.days(), years, r.reason(), r.status(), steps, r.currentStep(), r.balanceWarning(),
                r.substituteStaffId(), r.hasAttachment(), r.requestedBy(), r.createdAt(), r.decidedAt(), r.cancelledAt(), dao.decisions(r.id()));
    }

    private static Map<String, Object> summary(LeaveRequest r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("staffId", r.staffId());
        m.put("leaveType", r.leaveTypeCode());
        m.put("start", r.startDate() + " " + r.startPart());
        m.put("end", r.endDate() + " " + r.endPart());
        m.put("days", r.days());
        m.put("status", r.status());
        m.put("currentStep", r.currentStep());
        return m;
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
