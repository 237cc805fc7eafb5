package vn.onduty.server.leave;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.WorkingCalendar;
import vn.onduty.server.roster.Assignment;
import vn.onduty.server.roster.Officer;
import vn.onduty.server.roster.RosterDay;
import vn.onduty.server.roster.RosterRules;
import vn.onduty.server.roster.RosterService;

/**
 * Who stands in at the counters while officers are on leave, the one part of leave that reads and writes the
 * roster: for a request, each counter session it takes the officer from with the colleagues free then, and the
 * substitutions its approval writes into the roster (withdrawn with the leave); for a team, the month's calendar
 * of leave with the counters left uncovered.
 */
public final class LeaveCoverage {

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

    private final Jdbi jdbi;
    private final AccessPolicy policy;
    private final WorkingCalendar calendar;
    private final RosterService roster;
    private final LeaveAccess access;

    public LeaveCoverage(Jdbi jdbi, AccessPolicy policy, WorkingCalendar calendar, RosterService roster,
                         LeaveAccess access) {
        this.jdbi = jdbi;
        this.policy = policy;
        this.calendar = calendar;
        this.roster = roster;
        this.access = access;
    }

    /** The counter sessions a request takes its officer from, if the caller may see the request. */
    public List<Coverage> of(long id, Caller caller) {
        LeaveRequest r = access.find(id, caller).orElseThrow(() -> new NotFoundException("No leave request " + id));
        return jdbi.withHandle(h -> of(h, r));
    }

    private List<Coverage> of(Handle h, LeaveRequest r) {
        LeaveDao dao = h.attach(LeaveDao.class);
        List<RosterDay> days = roster.days(h, r.homeSiteId(), r.startDate(), r.endDate());
        List<LeaveDao.StaffRow> team = dao.team(r.homeSiteId(), r.departmentId());
        List<LeaveRequest> away = dao.live(team.stream().map(LeaveDao.StaffRow::id).toArray(Long[]::new), r.startDate(),
                r.endDate()).stream().filter(x -> x.id() != r.id()).map(access::toRequest).toList();
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
                Set<Long> rostered = new HashSet<>();
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

    /** Refuses a substitute who is not free in every session the request leaves uncovered. */
    void requireFree(Handle h, LeaveRequest r, long substituteId) {
        List<Coverage> gaps = of(h, r).stream().filter(c -> !c.covered()).toList();
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
    void substitute(Handle h, Caller caller, LeaveRequest r, long substituteId) {
        List<Coverage> gaps = of(h, r).stream()
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
    void withdrawSubstitutions(Handle h, Caller caller, LeaveRequest r) {
        try {
            roster.revokeLeaveSubstitutions(h, caller, r.id(), "Huỷ nghỉ phép (đơn #" + r.id() + ")");
        } catch (ConflictException e) {
            throw new ConflictException("Leave request " + r.id() + " cannot be cancelled yet (its substitutions are"
                    + " withdrawn with it): " + e.getMessage());
        }
    }

    /**
     * A month of a site's or a department's leave, for its supervisors: per officer and day, with each site's
     * holidays and (for a site) the counters whose rostered officer is away with nobody standing in.
     */
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
            Map<String, String> symbols = dao.timesheetSymbols();
            List<LeaveRequest> live = dao.live(team.stream().map(LeaveDao.StaffRow::id).toArray(Long[]::new), from, to)
                    .stream().map(access::toRequest).toList();
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
}
