package vn.onduty.server.attendance;

import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.db.ReplicaReads;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;

/**
 * Reading attendance within the caller's scope: a site's day, an officer's month, today's board and the
 * lateness summary. Every read first makes its range current ({@link AttendanceRecompute#ensureFresh}),
 * so an answer is never older than the punches, corrections and calendar it is computed from. Reading other
 * officers' attendance is written to the audit log ({@link AuditLog#viewed}), one event per view.
 */
public final class AttendanceService {

    /** One officer's sessions of one day. */
    public record OfficerDay(long staffId, String code, String fullName, long departmentId, String departmentName,
                             List<AttendanceSession> sessions) {}

    public record Daily(LocalDate date, long siteId, String siteName, List<OfficerDay> officers) {}

    /** A day of an officer's month: what the calendar says, the sessions, and every punch of the day. */
    public record MonthDay(LocalDate date, CalendarDay.DayType dayType, String dayName, List<AttendanceSession> sessions,
                           List<AttendanceReadDao.ShownPunch> punches) {
        public Optional<AttendanceSession> part(SessionPart part) {
            return sessions.stream().filter(s -> s.part() == part).findFirst();
        }
    }

    public record Monthly(long staffId, String code, String fullName, long siteId, String timeZone, YearMonth month,
                          List<MonthDay> days) {}

    /** What the "today" board says of an officer right now. */
    public enum BoardState { IN, LATE, NOT_YET_IN, ABSENT, ON_LEAVE, OFFICIAL_BUSINESS, DAY_OFF }

    /** One officer on today's board: the state of the session that is current, and both sessions. */
    public record BoardRow(long staffId, String code, String fullName, String departmentName, BoardState state,
                           SessionPart currentPart, Instant inAt, int lateMinutes, String leaveCode,
                           List<AttendanceSession> sessions) {}

    public record Board(LocalDate date, long siteId, String siteName, String timeZone, List<BoardRow> officers) {}

    /** One officer's lateness in a month; for a department, the sum of its officers'. */
    public record Lateness(Long staffId, String code, String name, int lateCount, int lateMinutes, int earlyLeaveCount,
                           int earlyLeaveMinutes, int missingPunches, int absences) {}

    public record LatenessSummary(YearMonth month, long siteId, String siteName, List<Lateness> officers,
                                  List<Lateness> departments) {}

    private final Jdbi jdbi;
    private final ReplicaReads reads;
    private final AttendanceRecompute recompute;
    private final WorkingCalendar calendar;
    private final AccessPolicy policy;
    private final AuditLog audit;
    private final Clock clock;

    /** Reads the primary only. */
    public AttendanceService(Jdbi jdbi, AttendanceRecompute recompute, WorkingCalendar calendar, AccessPolicy policy,
                             AuditLog audit, Clock clock) {
        this(jdbi, ReplicaReads.primaryOnly(jdbi), recompute, calendar, policy, audit, clock);
    }

    /** Month views and the lateness summary read through {@code reads} (a streaming replica when configured). */
    public AttendanceService(Jdbi jdbi, ReplicaReads reads, AttendanceRecompute recompute, WorkingCalendar calendar,
                             AccessPolicy policy, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.reads = reads;
        this.recompute = recompute;
        this.calendar = calendar;
        this.policy = policy;
        this.audit = audit;
        this.clock = clock;
    }

    public Daily daily(LocalDate date, Long siteId, Caller caller) {
        if (date == null) {
            throw InvalidInputException.field("date", "is required, e.g. 2026-11-26");
        }
        Site site = site(siteId);
        List<AttendanceReadDao.OfficerRef> officers = officersOfSite(site.id(), caller);
        Map<Long, List<AttendanceSession>> sessions = sessions(officers, date, date);
        List<OfficerDay> out = new ArrayList<>(officers.size());
        for (AttendanceReadDao.OfficerRef o : officers) {
            out.add(new OfficerDay(o.id(), o.code(), o.fullName(), o.departmentId(), o.departmentName(),
                    sessions.getOrDefault(o.id(), List.of())));
        }
        audit.viewed(caller, "attendance_day", "site=" + site.id() + "&date=" + date, date + " · " + site.name(),
                ids(officers));
        return new Daily(date, site.id(), site.name(), out);
    }

    public Monthly monthly(Long staffId, YearMonth month, Caller caller) {
        return monthlyRead(staffId, month, caller).value();
    }

    /** {@link #monthly}, and where its sessions were read (its punches always come from the primary). */
    public ReplicaReads.Read<Monthly> monthlyRead(Long staffId, YearMonth month, Caller caller) {
        if (staffId == null) {
            throw InvalidInputException.field("staffId", "is required");
        }
        if (month == null) {
            throw InvalidInputException.field("month", "is required, e.g. 2026-11");
        }
        AttendanceReadDao.OfficerRef officer = visibleOfficer(staffId, caller);
        Site site = site(officer.homeSiteId());
        ZoneId zone = ZoneId.of(site.timeZone());
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        boolean wrote = recompute.ensureFresh(List.of(staffId), first, last) > 0;
        ReplicaReads.Read<List<AttendanceSession>> read = reads.read(wrote, from -> from.withExtension(AttendanceDao.class,
                dao -> dao.sessions(new Long[] {staffId}, first, last)));
        Map<LocalDate, List<AttendanceSession>> byDay = new HashMap<>();
        for (AttendanceSession s : read.value()) {
            byDay.computeIfAbsent(s.workDate(), d -> new ArrayList<>()).add(s);
        }
        // The punches from the primary: an officer who has just punched looks for that punch here.
        Map<LocalDate, List<AttendanceReadDao.ShownPunch>> punches = new HashMap<>();
        for (AttendanceReadDao.ShownPunch p : jdbi.withExtension(AttendanceReadDao.class, dao -> dao.punches(staffId,
                first.atStartOfDay(zone).toInstant(), last.plusDays(1).atStartOfDay(zone).toInstant()))) {
            punches.computeIfAbsent(p.at().atZone(zone).toLocalDate(), d -> new ArrayList<>()).add(p);
        }
        List<MonthDay> days = new ArrayList<>();
        for (CalendarDay day : calendar.days(site.id(), first, last)) {
            days.add(new MonthDay(day.date(), day.type(), day.name(), byDay.getOrDefault(day.date(), List.of()),
                    punches.getOrDefault(day.date(), List.of())));
        }
        audit.viewed(caller, "attendance_month", "staff=" + staffId + "&month=" + month,
                String.format("%02d/%d", month.getMonthValue(), month.getYear()), List.of(staffId));
        return new ReplicaReads.Read<>(new Monthly(officer.id(), officer.code(), officer.fullName(), site.id(),
                site.timeZone(), month, days), read.from());
    }

    /** Today at a site, per officer: the state of the current session, for the supervisor's board. */
    public Board today(Long siteId, Caller caller) {
        Site site = site(siteId);
        ZoneId zone = ZoneId.of(site.timeZone());
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Instant now = clock.instant();
        List<AttendanceReadDao.OfficerRef> officers = officersOfSite(site.id(), caller);
        Map<Long, List<AttendanceSession>> sessions = sessions(officers, today, today);
        List<BoardRow> rows = new ArrayList<>(officers.size());
        for (AttendanceReadDao.OfficerRef o : officers) {
            List<AttendanceSession> mine = sessions.getOrDefault(o.id(), List.of());
            AttendanceSession current = current(mine, now);
            rows.add(new BoardRow(o.id(), o.code(), o.fullName(), o.departmentName(), state(current),
                    current == null ? null : current.part(), current == null ? null : current.inAt(),
                    current == null ? 0 : current.lateMinutes(), current == null ? null : current.leaveCode(), mine));
        }
        audit.viewed(caller, "attendance_today", "site=" + site.id() + "&date=" + today, today + " · " + site.name(),
                ids(officers));
        return new Board(today, site.id(), site.name(), site.timeZone(), rows);
    }

    /** Brings the attendance of everyone on a site's timesheet up to date for a range, before the sheet reads it. */
    /** Officer-days marked for recomputing and not yet recomputed: what monitoring watches. */
    public long queueDepth() {
        return jdbi.withExtension(AttendanceQueue.class, AttendanceQueue::depth);
    }

    /** @return how many officer-days were computed (and so written) */
    public int ensureFreshForSite(long siteId, LocalDate from, LocalDate to) {
        return recompute.ensureFresh(jdbi.withExtension(AttendanceDao.class, dao -> dao.staffOfSite(siteId, from, to)),
                from, to);
    }

    public LatenessSummary lateness(Long siteId, YearMonth month, Caller caller) {
        return latenessRead(siteId, month, caller).value();
    }

    /** {@link #lateness}, and where its figures were read. */
    public ReplicaReads.Read<LatenessSummary> latenessRead(Long siteId, YearMonth month, Caller caller) {
        if (month == null) {
            throw InvalidInputException.field("month", "is required, e.g. 2026-11");
        }
        Site site = site(siteId);
        List<AttendanceReadDao.OfficerRef> officers = officersOfSite(site.id(), caller);
        LocalDate first = month.atDay(1);
        LocalDate last = month.atEndOfMonth();
        Long[] ids = officers.stream().map(AttendanceReadDao.OfficerRef::id).toArray(Long[]::new);
        boolean wrote = recompute.ensureFresh(List.of(ids), first, last) > 0;
        ReplicaReads.Read<List<AttendanceReadDao.LatenessRow>> read = reads.read(wrote,
                from -> from.withExtension(AttendanceReadDao.class, dao -> dao.lateness(ids, first, last)));
        Map<Long, AttendanceReadDao.LatenessRow> byStaff = new HashMap<>();
        for (AttendanceReadDao.LatenessRow r : read.value()) {
            byStaff.put(r.staffId(), r);
        }
        List<Lateness> perOfficer = new ArrayList<>();
        Map<Long, Lateness> perDepartment = new LinkedHashMap<>();
        for (AttendanceReadDao.OfficerRef o : officers) {
            AttendanceReadDao.LatenessRow r = byStaff.getOrDefault(o.id(),
                    new AttendanceReadDao.LatenessRow(o.id(), 0, 0, 0, 0, 0, 0));
            perOfficer.add(new Lateness(o.id(), o.code(), o.fullName(), r.lateCount(), r.lateMinutes(),
                    r.earlyLeaveCount(), r.earlyLeaveMinutes(), r.missingPunches(), r.absences()));
            perDepartment.merge(o.departmentId(), new Lateness(null, null, o.departmentName(), r.lateCount(),
                    r.lateMinutes(), r.earlyLeaveCount(), r.earlyLeaveMinutes(), r.missingPunches(), r.absences()),
                    (a, b) -> new Lateness(null, null, a.name(), a.lateCount() + b.lateCount(),
                            a.lateMinutes() + b.lateMinutes(), a.earlyLeaveCount() + b.earlyLeaveCount(),
                            a.earlyLeaveMinutes() + b.earlyLeaveMinutes(), a.missingPunches() + b.missingPunches(),
                            a.absences() + b.absences()));
        }
        List<Lateness> departments = perDepartment.values().stream()
                .sorted(java.util.Comparator.comparing(Lateness::lateMinutes).reversed().thenComparing(Lateness::name))
                .toList();
        audit.viewed(caller, "lateness", "site=" + site.id() + "&month=" + month,
                String.format("%02d/%d · %s", month.getMonthValue(), month.getYear(), site.name()), List.of(ids));
        return new ReplicaReads.Read<>(new LatenessSummary(month, site.id(), site.name(), perOfficer, departments),
                read.from());
    }

    /** The officer linked to a signed-in person, when there is one. */
    /** Each leave code's name in the legend, in the page's language ("Thai sản" rather than MATERNITY). */
    public java.util.Map<String, String> leaveLabels(String lang) {
        java.util.Map<String, String> out = new java.util.HashMap<>();
        for (AttendanceReadDao.LeaveLabel l : jdbi.withExtension(AttendanceReadDao.class, AttendanceReadDao::leaveLabels)) {
            out.put(l.code(), "en".equals(lang) ? l.labelEn() : l.labelVi());
        }
        return out;
    }

    public Optional<AttendanceReadDao.OfficerRef> officerOf(Caller caller) {
        return caller.staff().flatMap(id -> jdbi.withExtension(AttendanceReadDao.class, dao -> dao.officer(id)));
    }

    /** The session a board shows: the last one that has started, else the first one; null on a day off. */
    static AttendanceSession current(List<AttendanceSession> sessions, Instant now) {
        AttendanceSession current = null;
        for (AttendanceSession s : sessions) {
            if (s.startsAt() == null) {
                continue;
            }
            if (current == null || !s.startsAt().isAfter(now)) {
                current = s;
            }
        }
        return current;
    }

    static BoardState state(AttendanceSession s) {
        if (s == null) {
            return BoardState.DAY_OFF;
        }
        return switch (s.status()) {
            case LEAVE -> BoardState.ON_LEAVE;
            case OFFICIAL_BUSINESS -> BoardState.OFFICIAL_BUSINESS;
            case ABSENT -> BoardState.ABSENT;
            case HOLIDAY, NOT_SCHEDULED -> BoardState.DAY_OFF;
            default -> s.inAt() == null && s.outAt() == null ? BoardState.NOT_YET_IN
                    : s.lateMinutes() > 0 ? BoardState.LATE : BoardState.IN;
        };
    }

    private static List<Long> ids(List<AttendanceReadDao.OfficerRef> officers) {
        return officers.stream().map(AttendanceReadDao.OfficerRef::id).toList();
    }

    private Map<Long, List<AttendanceSession>> sessions(List<AttendanceReadDao.OfficerRef> officers, LocalDate from,
                                                        LocalDate to) {
        Long[] ids = officers.stream().map(AttendanceReadDao.OfficerRef::id).toArray(Long[]::new);
        recompute.ensureFresh(List.of(ids), from, to);
        Map<Long, List<AttendanceSession>> out = new HashMap<>();
        for (AttendanceSession s : jdbi.withExtension(AttendanceDao.class, dao -> dao.sessions(ids, from, to))) {
            out.computeIfAbsent(s.staffId(), k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    private List<AttendanceReadDao.OfficerRef> officersOfSite(long siteId, Caller caller) {
        AccessPolicy.StaffScope scope = policy.staffScope(caller);
        return jdbi.withExtension(AttendanceReadDao.class, dao -> dao.officersOfSite(siteId, scope));
    }

    private AttendanceReadDao.OfficerRef visibleOfficer(long staffId, Caller caller) {
        return jdbi.withExtension(AttendanceReadDao.class, dao -> dao.officer(staffId))
                .filter(o -> policy.canSeeStaff(caller, o.id(), o.homeSiteId(), o.departmentId()))
                .orElseThrow(() -> new NotFoundException("No staff member " + staffId));
    }

    private Site site(Long siteId) {
        if (siteId == null) {
            throw InvalidInputException.field("siteId", "is required");
        }
        return jdbi.withExtension(SiteDao.class, dao -> dao.find(siteId))
                .orElseThrow(() -> new NotFoundException("No site " + siteId));
    }
}
