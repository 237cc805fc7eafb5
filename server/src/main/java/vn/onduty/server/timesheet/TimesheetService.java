package vn.onduty.server.timesheet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.ReplicaReads;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.org.department.DepartmentDao;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;

/**
 * Monthly timesheets: the live sheet built from attendance, locking a month (the filed sheet is frozen as it was
 * signed, and only an admin unlocks it, with a reason), and the legend. Who may see or lock a sheet: admins;
 * supervisors for the sites they lead, or for a department in their scope (that department's sheet only).
 */
public final class TimesheetService {

    /**
     * Brings attendance up to date for a site and a range of dates before a sheet is read from it; how many
     * officer-days it computed (written: the sheet then reads the primary, see {@link ReplicaReads}).
     */
    @FunctionalInterface
    public interface Freshness {
        int ensure(long siteId, LocalDate from, LocalDate to);
    }

    /** A legend entry as an admin edits it. */
    public record SymbolInput(String symbol, String labelVi, String labelEn, TimesheetSymbol.CountsAs countsAs) {}

    private final Jdbi jdbi;
    private final ReplicaReads reads;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final WorkingCalendar calendar;
    private final Freshness freshness;
    private final ObjectMapper json;
    private final Clock clock;

    /** Sheets read the primary only. */
    public TimesheetService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar,
                            Freshness freshness, ObjectMapper json, Clock clock) {
        this(jdbi, ReplicaReads.primaryOnly(jdbi), audit, policy, calendar, freshness, json, clock);
    }

    /** Live sheets read through {@code reads} (a streaming replica when configured); locks always the primary. */
    public TimesheetService(Jdbi jdbi, ReplicaReads reads, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar,
                            Freshness freshness, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.reads = reads;
        this.audit = audit;
        this.policy = policy;
        this.calendar = calendar;
        this.freshness = freshness;
        this.json = json;
        this.clock = clock;
    }

    /** The sheet as it stands: the filed one where a lock is in force, the live one elsewhere. */
    public Timesheet sheet(YearMonth month, long siteId, Long departmentId, Caller caller) {
        return sheetRead(month, siteId, departmentId, caller).value();
    }

    /**
     * {@link #sheet}, and where its live rows were read: the month's officers and sessions from the replica when there
     * is one (unless this call has just brought attendance up to date); its locks, which a supervisor has just made
     * and must see, always from the primary.
     */
    public ReplicaReads.Read<Timesheet> sheetRead(YearMonth month, long siteId, Long departmentId, Caller caller) {
        Target target = target(siteId, departmentId);
        requireAccess(caller, target);
        Prepared prepared = prepare(target, month);
        ReplicaReads.Read<Timesheet> live = reads.read(prepared.wrote(),
                from -> from.withHandle(h -> live(h, target, month, prepared.days())));
        Timesheet sheet = jdbi.withHandle(h -> compose(h, target, month, live.value(),
                h.attach(TimesheetDao.class).locks(siteId, month.atDay(1))));
        audit.viewed(caller, "timesheet", "site=" + siteId + "&department=" + (departmentId == null ? "" : departmentId)
                        + "&month=" + month,
                String.format("%02d/%d · %s", month.getMonthValue(), month.getYear(), target.site().name())
                        + (target.department() == null ? "" : " · " + target.department().name()),
                sheet.rows().stream().map(Timesheet.Row::staffId).toList());
        return new ReplicaReads.Read<>(sheet, live.from());
    }

    /**
     * The month's overtime sheet (C01b-HD) beside the timesheet: the duty worked outside the working week, read live
     * (a filed month's timesheet does not freeze it).
     */
    public OvertimeSheet overtime(YearMonth month, long siteId, Long departmentId, Caller caller) {
        Target target = target(siteId, departmentId);
        requireAccess(caller, target);
        Prepared prepared = prepare(target, month);
        List<CalendarDay> days = prepared.days();
        return reads.read(prepared.wrote(), from -> from.withHandle(h -> {
            Timesheet sheet = live(h, target, month, days);
            TimesheetDao dao = h.attach(TimesheetDao.class);
            OvertimeSheet.Repaid repaid = dao.repayments().stream().filter(r -> r.siteId() == siteId).findFirst()
                    .map(TimesheetDao.SiteRepayment::dutyRepaid).orElse(OvertimeSheet.Repaid.OVERTIME);
            return OvertimeSheet.of(sheet, days, dao.duty(siteId, departmentId, month.atDay(1), month.atEndOfMonth()),
                    repaid);
        })).value();
    }

    /**
     * The header lines of the forms, every department's paying unit, and how each site repays duty outside the working
     * week (sites not listed pay overtime), as admins edit them.
     */
    public record FormSettings(Timesheet.Form form, List<Timesheet.Unit> units,
                               List<TimesheetDao.SiteRepayment> dutyRepaid) {

        public FormSettings(Timesheet.Form form, List<Timesheet.Unit> units) {
            this(form, units, List.of());
        }

        @com.fasterxml.jackson.annotation.JsonCreator
        public FormSettings {
        }
    }

    public FormSettings formSettings() {
        return jdbi.withExtension(TimesheetDao.class, dao -> new FormSettings(dao.form(), dao.units(), dao.repayments()));
    }

    /** Replaces the forms' header lines and sets the paying units given (others stay), audited. */
    public FormSettings updateForm(FormSettings in, Caller caller) {
        policy.requireAdmin(caller);
        List<String> problems = new ArrayList<>();
        Timesheet.Form f = in == null ? null : in.form();
        if (f == null || Text.clean(f.formCode()) == null || Text.clean(f.legalBasis()) == null
                || Text.clean(f.overtimeFormCode()) == null) {
            problems.add("form.formCode, form.legalBasis and form.overtimeFormCode are required, e.g. C01a-HD");
        }
        List<Timesheet.Unit> units = in == null || in.units() == null ? List.of() : in.units();
        for (int i = 0; i < units.size(); i++) {
            Timesheet.Unit u = units.get(i);
            if (u == null || Text.clean(u.unitName()) == null) {
                problems.add("units[" + i + "].unitName is required");
            } else if (u.budgetCode() != null && !u.budgetCode().strip().matches("[0-9A-Za-z.-]{0,20}")) {
                problems.add("units[" + i + "].budgetCode must be up to 20 letters, digits, '.' or '-', got '"
                        + u.budgetCode() + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid timesheet form", problems);
        }
        return jdbi.inTransaction(h -> {
            TimesheetDao dao = h.attach(TimesheetDao.class);
            FormSettings before = new FormSettings(dao.form(), dao.units(), dao.repayments());
            dao.updateForm(new Timesheet.Form(Text.clean(f.formCode()), Text.clean(f.legalBasis()),
                    Text.clean(f.overtimeFormCode())));
            for (Timesheet.Unit u : units) {
                h.attach(DepartmentDao.class).find(u.departmentId())
                        .orElseThrow(() -> InvalidInputException.field("units.departmentId", "is not a department: "
                                + u.departmentId()));
                dao.saveUnit(new Timesheet.Unit(u.departmentId(), Text.clean(u.unitName()), Text.clean(u.budgetCode())));
            }
            for (TimesheetDao.SiteRepayment r : in.dutyRepaid() == null ? List.<TimesheetDao.SiteRepayment>of() : in.dutyRepaid()) {
                if (r == null || r.dutyRepaid() == null) {
                    throw InvalidInputException.field("dutyRepaid", "each entry needs siteId and dutyRepaid: OVERTIME or DAY_OFF");
                }
                h.attach(SiteDao.class).find(r.siteId()).orElseThrow(() -> InvalidInputException.field(
                        "dutyRepaid.siteId", "is not a site: " + r.siteId()));
                dao.saveRepayment(r);
            }
            FormSettings after = new FormSettings(dao.form(), dao.units(), dao.repayments());
            audit.record(h, caller, "timesheet_form.update", "timesheet_form", "form", before, after);
            return after;
        });
    }

    /** Files the month: freezes the sheet as it stands now. */
    public Timesheet lock(YearMonth month, long siteId, Long departmentId, Caller caller) {
        Target target = target(siteId, departmentId);
        requireAccess(caller, target);
        if (month.atDay(1).isAfter(today(target))) {
            throw InvalidInputException.field("month", "is in the future; a month can be locked once it has begun, got " + month);
        }
        Long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person may lock a timesheet"));
        List<CalendarDay> days = prepare(target, month).days();
        return jdbi.inTransaction(h -> {
            h.attach(SiteDao.class).lock(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId));
            TimesheetDao dao = h.attach(TimesheetDao.class);
            List<TimesheetDao.LockRow> locks = dao.locks(siteId, month.atDay(1));
            for (TimesheetDao.LockRow l : locks) {
                if (l.departmentId() == null) {
                    throw new ConflictException("Already locked: the timesheet of " + month + " for the whole site");
                }
                if (l.departmentId().equals(departmentId)) {
                    throw new ConflictException("Already locked: the timesheet of " + month + " for this department");
                }
            }
            Timesheet current = compose(h, target, month, live(h, target, month, days), locks);
            var now = clock.instant();
            Timesheet filed = new Timesheet(current.month(), current.siteId(), current.siteName(), current.departmentId(),
                    current.departmentName(), current.days(), current.rows(), current.totals(), current.legend(),
                    current.provisional(), true, List.of(), now, current.form(), current.units());
            long id = dao.insertLock(siteId, departmentId, month.atDay(1), write(filed), userId, now);
            Timesheet.Lock lock = new Timesheet.Lock(id, departmentId, now, caller.name());
            audit.record(h, caller, "timesheet.lock", "timesheet_lock", id, null, summary(filed, id));
            return withLocks(filed, List.of(lock));
        });
    }

    /** Reopens a filed month: admins only, with a reason; the filed sheet stays in the record. */
    public Timesheet unlock(YearMonth month, long siteId, Long departmentId, String reason, Caller caller) {
        policy.requireAdmin(caller);
        Target target = target(siteId, departmentId);
        String why = Text.clean(reason);
        if (why == null) {
            throw InvalidInputException.field("reason", "is required: say why a filed timesheet is reopened");
        }
        Long userId = caller.userId().orElseThrow(() -> new ForbiddenException("Only a person may unlock a timesheet"));
        List<CalendarDay> days = prepare(target, month).days();
        return jdbi.inTransaction(h -> {
            h.attach(SiteDao.class).lock(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId));
            TimesheetDao dao = h.attach(TimesheetDao.class);
            TimesheetDao.LockRow lock = dao.locks(siteId, month.atDay(1)).stream()
                    .filter(l -> java.util.Objects.equals(l.departmentId(), departmentId)).findFirst()
                    .orElseThrow(() -> new ConflictException("Not locked: the timesheet of " + month + " for "
                            + (departmentId == null ? "the whole site" : "this department")));
            dao.unlock(lock.id(), userId, clock.instant(), why);
            audit.record(h, caller, "timesheet.unlock", "timesheet_lock", lock.id(),
                    Map.of("siteId", siteId, "departmentId", departmentId == null ? "" : departmentId,
                            "month", month.toString(), "lockedBy", lock.lockedByName(), "lockedAt", lock.lockedAt()),
                    Map.of("reason", why));
            return compose(h, target, month, live(h, target, month, days), dao.locks(siteId, month.atDay(1)));
        });
    }

    /**
     * Whether a lock in force covers this officer's date at this site. Changes to attendance of such a date (an
     * approved correction) are for admins only: call {@link #requireUnlockedOrAdmin} inside the change's transaction.
     */
    public boolean locked(Handle h, long siteId, long staffId, LocalDate date) {
        return h.attach(TimesheetDao.class).locked(siteId, staffId, date);
    }

    public void requireUnlockedOrAdmin(Handle h, Caller caller, long siteId, long staffId, LocalDate date) {
        if (!caller.isAdmin() && locked(h, siteId, staffId, date)) {
            throw new ConflictException("Locked month: the timesheet of " + YearMonth.from(date)
                    + " is filed; only an administrator may change " + date);
        }
    }

    public List<TimesheetSymbol> symbols() {
        return jdbi.withExtension(TimesheetDao.class, TimesheetDao::symbols);
    }

    public TimesheetSymbol updateSymbol(String code, SymbolInput in, Caller caller) {
        policy.requireAdmin(caller);
        String symbol = Text.clean(in.symbol());
        String labelVi = Text.clean(in.labelVi());
        String labelEn = Text.clean(in.labelEn());
        List<String> problems = new ArrayList<>();
        if (symbol == null) {
            problems.add("symbol is required, e.g. P");
        } else if (symbol.length() > 4 || symbol.contains("/")) {
            problems.add("symbol must be at most 4 characters and contain no '/' (it separates the two sessions of a day)");
        }
        if (labelVi == null) {
            problems.add("labelVi is required");
        }
        if (labelEn == null) {
            problems.add("labelEn is required");
        }
        if (in.countsAs() == null) {
            problems.add("countsAs is required: PAID, UNPAID, INSURANCE or NONE");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Invalid timesheet symbol", problems);
        }
        return jdbi.inTransaction(h -> {
            TimesheetDao dao = h.attach(TimesheetDao.class);
            TimesheetSymbol before = dao.lockSymbol(code).orElseThrow(() -> new NotFoundException("No timesheet symbol " + code));
            dao.updateSymbol(code, symbol, labelVi, labelEn, in.countsAs());
            TimesheetSymbol after = dao.lockSymbol(code).orElseThrow();
            audit.record(h, caller, "timesheet_symbol.update", "timesheet_symbol", code, before, after);
            return after;
        });
    }

    // --- building

    private record Target(Site site, Department department) {
        Long departmentId() {
            return department == null ? null : department.id();
        }
    }

    private Target target(long siteId, Long departmentId) {
        return jdbi.withHandle(h -> new Target(
                h.attach(SiteDao.class).find(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId)),
                departmentId == null ? null : h.attach(DepartmentDao.class).find(departmentId)
                        .orElseThrow(() -> new NotFoundException("No department " + departmentId))));
    }

    /**
     * Whether the caller may read the sheet of a site, whole ({@code departmentId} null: its supervisors) or of one
     * department at it (the site's supervisors or the department's).
     */
    public boolean mayRead(long siteId, Long departmentId, Caller caller) {
        return policy.leadsSite(caller, siteId) || (departmentId != null && policy.leadsDepartment(caller, departmentId));
    }

    private void requireAccess(Caller caller, Target target) {
        if (mayRead(target.site().id(), target.departmentId(), caller)) {
            return;
        }
        throw new ForbiddenException(target.department() == null
                ? "This timesheet is for the supervisors of site " + target.site().name()
                : "This timesheet is for the supervisors of site " + target.site().name() + " or of department "
                        + target.department().name());
    }

    /** The month's calendar, and whether bringing its attendance up to date wrote any. */
    private record Prepared(List<CalendarDay> days, boolean wrote) {}

    /**
     * Brings the month's attendance up to date and reads its calendar: both outside the sheet's own transaction,
     * since each runs transactions of its own.
     */
    private Prepared prepare(Target target, YearMonth month) {
        long siteId = target.site().id();
        LocalDate from = month.atDay(1);
        LocalDate to = month.atEndOfMonth();
        LocalDate today = today(target);
        int computed = 0;
        if (!from.isAfter(today)) {
            computed = freshness.ensure(siteId, from, to.isAfter(today) ? today : to);
        }
        return new Prepared(calendar.days(siteId, from, to), computed > 0);
    }

    private LocalDate today(Target target) {
        return LocalDate.now(clock.withZone(ZoneId.of(target.site().timeZone())));
    }

    private Timesheet live(Handle h, Target target, YearMonth month, List<CalendarDay> days) {
        long siteId = target.site().id();
        LocalDate from = month.atDay(1);
        LocalDate to = month.atEndOfMonth();
        TimesheetDao dao = h.attach(TimesheetDao.class);
        boolean provisional = !to.isBefore(today(target)) || days.stream().anyMatch(d -> !d.scheduleConfirmed());
        return new TimesheetBuilder(dao.symbols()).build(month, siteId, target.site().name(), target.departmentId(),
                target.department() == null ? null : target.department().name(), days,
                dao.staff(siteId, target.departmentId(), from, to), dao.sessions(siteId, target.departmentId(), from, to),
                provisional, clock.instant(), dao.form(), dao.units());
    }

    /**
     * The sheet a reader sees: a lock of the whole site, or of the asked department, serves the filed sheet; on a
     * whole-site sheet, each locked department's rows are its filed rows and the others are live.
     */
    private Timesheet compose(Handle h, Target target, YearMonth month, Timesheet live, List<TimesheetDao.LockRow> locks) {
        Optional<TimesheetDao.LockRow> siteLock = locks.stream().filter(l -> l.departmentId() == null).findFirst();
        Long departmentId = target.departmentId();
        if (siteLock.isPresent()) {
            Timesheet filed = read(siteLock.get().snapshot());
            List<Timesheet.Lock> info = List.of(info(siteLock.get()));
            if (departmentId == null) {
                return withLocks(filed, info);
            }
            List<Timesheet.Row> rows = renumber(filed.rows().stream().filter(r -> r.departmentId() == departmentId).toList());
            return new Timesheet(filed.month(), filed.siteId(), filed.siteName(), departmentId, target.department().name(),
                    filed.days(), rows, TimesheetBuilder.totals(rows), filed.legend(), filed.provisional(), true, info,
                    filed.generatedAt(), filed.form(), filed.units());
        }
        if (departmentId != null) {
            return locks.stream().filter(l -> departmentId.equals(l.departmentId())).findFirst()
                    .map(l -> withLocks(read(l.snapshot()), List.of(info(l))))
                    .orElse(live);
        }
        if (locks.isEmpty()) {
            return live;
        }
        Map<Long, List<Timesheet.Row>> byDepartment = new LinkedHashMap<>();
        for (Timesheet.Row r : live.rows()) {
            byDepartment.computeIfAbsent(r.departmentId(), d -> new ArrayList<>()).add(r);
        }
        for (TimesheetDao.LockRow l : locks) {
            byDepartment.put(l.departmentId(), read(l.snapshot()).rows());
        }
        List<Timesheet.Row> rows = renumber(byDepartment.values().stream().flatMap(List::stream).toList());
        return new Timesheet(live.month(), live.siteId(), live.siteName(), null, null, live.days(), rows,
                TimesheetBuilder.totals(rows), live.legend(), live.provisional(), false,
                locks.stream().map(TimesheetService::info).toList(), live.generatedAt(), live.form(), live.units());
    }

    private static List<Timesheet.Row> renumber(List<Timesheet.Row> rows) {
        List<Timesheet.Row> out = new ArrayList<>(rows.size());
        for (Timesheet.Row r : rows) {
            out.add(r.renumbered(out.size() + 1));
        }
        return out;
    }

    private static Timesheet withLocks(Timesheet t, List<Timesheet.Lock> locks) {
        return new Timesheet(t.month(), t.siteId(), t.siteName(), t.departmentId(), t.departmentName(), t.days(), t.rows(),
                t.totals(), t.legend(), t.provisional(), true, locks, t.generatedAt(), t.form(), t.units());
    }

    private static Timesheet.Lock info(TimesheetDao.LockRow l) {
        return new Timesheet.Lock(l.id(), l.departmentId(), l.lockedAt(), l.lockedByName());
    }

    private static Map<String, Object> summary(Timesheet t, long lockId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lockId", lockId);
        m.put("siteId", t.siteId());
        m.put("departmentId", t.departmentId());
        m.put("month", t.month());
        m.put("officers", t.rows().size());
        m.put("totals", t.totals());
        return m;
    }

    private String write(Timesheet t) {
        try {
            return json.writeValueAsString(t);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Timesheet read(String snapshot) {
        try {
            return json.readValue(snapshot, Timesheet.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
