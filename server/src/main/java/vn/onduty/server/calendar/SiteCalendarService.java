package vn.onduty.server.calendar;

import jakarta.ws.rs.NotFoundException;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.site.SiteDao;

/** Sites' working calendars: everyone signed in may read them; admins replace them, audited. */
public final class SiteCalendarService {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final WorkingCalendar calendar;

    /** A range of a site's days, and how many of them are working days. */
    public record Days(long siteId, LocalDate from, LocalDate to, int workingDays, List<CalendarDay> days) {}

    public SiteCalendarService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, WorkingCalendar calendar) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.calendar = calendar;
    }

    /** The site's calendar, or the default one (configured false) while nobody has set it. */
    public SiteCalendar get(long siteId) {
        return jdbi.withHandle(h -> {
            h.attach(SiteDao.class).find(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId));
            return h.attach(SiteCalendarDao.class).load(siteId).orElseGet(() -> SiteCalendar.defaults(siteId));
        });
    }

    /** The sites whose calendar an admin has set; the others work the default one. */
    public List<Long> configuredSiteIds() {
        return jdbi.withExtension(SiteCalendarDao.class, SiteCalendarDao::configuredSiteIds);
    }

    public SiteCalendar replace(long siteId, SiteCalendarInput in, Caller caller) {
        policy.requireAdmin(caller);
        List<CalendarProblem> problems = SiteCalendarRules.check(in);
        if (!problems.isEmpty()) {
            throw new CalendarRuleException("Invalid calendar", problems);
        }
        SiteCalendar wanted = SiteCalendarRules.toCalendar(siteId, in);
        SiteCalendar saved = jdbi.inTransaction(h -> {
            h.attach(SiteDao.class).lock(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId));
            SiteCalendarDao dao = h.attach(SiteCalendarDao.class);
            SiteCalendar before = dao.load(siteId).orElse(null);
            dao.save(wanted);
            SiteCalendar after = dao.load(siteId).orElseThrow();
            audit.record(h, caller, "site_calendar.update", "site_calendar", siteId, before, after);
            h.attach(AttendanceQueue.class).siteThisMonth(siteId);
            return after;
        });
        calendar.changed();
        return saved;
    }

    public Days days(long siteId, LocalDate from, LocalDate to) {
        List<CalendarDay> days = calendar.days(siteId, from, to);
        return new Days(siteId, from, to, (int) days.stream().filter(CalendarDay::working).count(), days);
    }
}
