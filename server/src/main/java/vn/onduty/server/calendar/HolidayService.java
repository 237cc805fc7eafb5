package vn.onduty.server.calendar;

import jakarta.ws.rs.NotFoundException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.Text;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * The holiday schedule per year. Everyone signed in may read it; admins fill in the suggestions,
 * add, change and remove days, and confirm the year, all audited.
 *
 * <p>A year nobody has stored shows (and applies) the computed {@link HolidaySuggestions}. The
 * first change to a year stores those suggestions with it, so that adding a provincial day does not
 * make Tết disappear. Before the year is confirmed, days are changed in place and removed for good.
 * Once it is confirmed, every change needs a reason: a removed day is kept, withdrawn, with the
 * reason; a changed day is withdrawn and replaced by a new entry that points at it; so the confirmed
 * schedule can always be read back from the table and the audit log.
 */
public final class HolidayService {

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final LunarCalendar lunar;
    private final WorkingCalendar calendar;

    /** What the audit log keeps of a change to a day: the entry after it, and the reason given. */
    public record Change(Holiday day, String reason) {}

    public HolidayService(Jdbi jdbi, AuditLog audit, AccessPolicy policy, LunarCalendar lunar, WorkingCalendar calendar) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.lunar = lunar;
        this.calendar = calendar;
    }

    /** A year's schedule: nationwide days and one site's own, or every site's when {@code siteId} is null. */
    public HolidayYear year(int year, Long siteId) {
        checkYear(year);
        return jdbi.withHandle(h -> view(h, year, siteId));
    }

    public Optional<Holiday> find(long id) {
        return jdbi.withExtension(HolidayDao.class, dao -> dao.find(id));
    }

    /** Stores the suggested days a year does not have yet; a second call adds nothing. */
    public HolidayYear suggest(int year, Caller caller) {
        policy.requireAdmin(caller);
        checkYear(year);
        HolidayYear result = jdbi.inTransaction(h -> {
            HolidayDao dao = h.attach(HolidayDao.class);
            boolean created = dao.createYear(year) == 1;
            dao.lockYear(year);
            if (!created && dao.year(year).orElseThrow().confirmedAt() != null) {
                throw new ConflictException("The " + year + " schedule is confirmed: add, change or remove its days"
                        + " one at a time, with a reason");
            }
            fillSuggestions(h, year, caller);
            return view(h, year, null);
        });
        calendar.changed();
        return result;
    }

    /** Makes the year's schedule the official one, storing the suggestions first if nothing was stored. */
    public HolidayYear confirm(int year, Caller caller) {
        policy.requireAdmin(caller);
        checkYear(year);
        HolidayYear result = jdbi.inTransaction(h -> {
            HolidayDao dao = h.attach(HolidayDao.class);
            openYear(h, year, caller);
            HolidayDao.YearRow before = dao.year(year).orElseThrow();
            if (before.confirmedAt() != null) {
                return view(h, year, null);
            }
            dao.confirm(year, userId(caller));
            HolidayYear after = view(h, year, null);
            audit.record(h, caller, "holiday_year.confirm", "holiday_year", year, before, after);
            return after;
        });
        calendar.changed();
        return result;
    }

    public Holiday create(HolidayInput in, Caller caller) {
        policy.requireAdmin(caller);
        checkDay(in);
        Holiday created = jdbi.inTransaction(h -> {
            HolidayDao dao = h.attach(HolidayDao.class);
            boolean confirmed = openYear(h, in.date().getYear(), caller);
            String reason = reason(in.reason(), confirmed);
            long id = dao.insert(in.date(), in.siteId(), in.kind(), Text.clean(in.name()), null, null);
            Holiday after = dao.find(id).orElseThrow();
            audit.record(h, caller, "holiday.create", "holiday", id, null, new Change(after, reason));
            attendanceStale(h, after);
            return after;
        });
        calendar.changed();
        return created;
    }

    /** Changes a day: in place before the year is confirmed; after, by withdrawing it and adding its replacement. */
    public Holiday update(long id, HolidayInput in, Caller caller) {
        policy.requireAdmin(caller);
        checkDay(in);
        Holiday updated = jdbi.inTransaction(h -> {
            HolidayDao dao = h.attach(HolidayDao.class);
            int year = yearOf(dao, id);
            if (year != in.date().getYear()) {
                throw CalendarRuleException.of("date", "otherYear", "must stay in " + year
                        + "; remove this day and add one to " + in.date().getYear() + " instead");
            }
            boolean confirmed = openYear(h, year, caller);
            Holiday before = current(dao, id);
            String reason = reason(in.reason(), confirmed);
            Holiday after;
            if (confirmed) {
                dao.withdraw(id, userId(caller), reason);
                // A suggestion moved to one site is no longer the nationwide suggestion.
                long replacement = dao.insert(in.date(), in.siteId(), in.kind(), Text.clean(in.name()),
                        in.siteId() == null ? before.suggestion() : null, id);
                after = dao.find(replacement).orElseThrow();
            } else {
                dao.update(id, in.date(), in.siteId(), in.kind(), Text.clean(in.name()));
                after = dao.find(id).orElseThrow();
            }
            audit.record(h, caller, "holiday.update", "holiday", id, before, new Change(after, reason));
            attendanceStale(h, before);
            attendanceStale(h, after);
            return after;
        });
        calendar.changed();
        return updated;
    }

    /** Removes a day: for good before the year is confirmed; after, it is kept as withdrawn, with the reason. */
    public void delete(long id, String reasonGiven, Caller caller) {
        policy.requireAdmin(caller);
        if (reasonGiven != null && reasonGiven.length() > 500) {
            throw CalendarRuleException.of("reason", "tooLong", "must be at most 500 characters");
        }
        jdbi.useTransaction(h -> {
            HolidayDao dao = h.attach(HolidayDao.class);
            boolean confirmed = openYear(h, yearOf(dao, id), caller);
            Holiday before = current(dao, id);
            String reason = reason(reasonGiven, confirmed);
            attendanceStale(h, before);
            if (confirmed) {
                dao.withdraw(id, userId(caller), reason);
                audit.record(h, caller, "holiday.withdraw", "holiday", id, before,
                        new Change(dao.find(id).orElseThrow(), reason));
            } else {
                dao.delete(id);
                audit.record(h, caller, "holiday.delete", "holiday", id, before, new Change(null, reason));
            }
        });
        calendar.changed();
    }

    /** Attendance of the entry's date (at its site, or everywhere) must be recomputed. */
    private static void attendanceStale(Handle h, Holiday day) {
        h.attach(AttendanceQueue.class).date(day.siteId(), day.date());
    }

    /** The year an entry belongs to; entries never move between years, so it needs no lock. */
    private static int yearOf(HolidayDao dao, long id) {
        return dao.find(id).orElseThrow(() -> new NotFoundException("No holiday entry " + id)).date().getYear();
    }

    /** Locks an entry that must still apply. Every change locks the year first, then the entry. */
    private static Holiday current(HolidayDao dao, long id) {
        Holiday day = dao.lock(id).orElseThrow(() -> new NotFoundException("No holiday entry " + id));
        if (!day.current()) {
            throw new ConflictException("Holiday entry " + id + " was withdrawn on " + day.withdrawnAt()
                    + "; change the entry that replaced it");
        }
        return day;
    }

    /**
     * Stores the year if it is new, with its suggestions, and locks it against concurrent changes.
     * Answers whether it is confirmed.
     */
    private boolean openYear(Handle h, int year, Caller caller) {
        HolidayDao dao = h.attach(HolidayDao.class);
        boolean created = dao.createYear(year) == 1;
        dao.lockYear(year);
        if (created) {
            fillSuggestions(h, year, caller);
        }
        return dao.year(year).orElseThrow().confirmedAt() != null;
    }

    /** Adds each suggestion the year has neither under its key nor on its date; audits what was added. */
    private void fillSuggestions(Handle h, int year, Caller caller) {
        HolidayDao dao = h.attach(HolidayDao.class);
        Set<String> keys = new HashSet<>();
        Set<LocalDate> dates = new HashSet<>();
        for (Holiday d : dao.currentNationwide(year)) {
            dates.add(d.date());
            if (d.suggestion() != null) {
                keys.add(d.suggestion());
            }
        }
        List<Holiday> added = new ArrayList<>();
        for (Holiday s : HolidaySuggestions.forYear(year, lunar)) {
            if (!keys.contains(s.suggestion()) && dates.add(s.date())) {
                long id = dao.insert(s.date(), null, s.kind(), s.name(), s.suggestion(), null);
                added.add(dao.find(id).orElseThrow());
            }
        }
        if (!added.isEmpty()) {
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("added", added);
            audit.record(h, caller, "holiday_year.suggest", "holiday_year", year, null, after);
        }
    }

    private HolidayYear view(Handle h, int year, Long siteId) {
        HolidayDao dao = h.attach(HolidayDao.class);
        Optional<HolidayDao.YearRow> row = dao.year(year);
        if (row.isEmpty()) {
            return new HolidayYear(year, HolidayYear.Status.SUGGESTED, null, null, HolidaySuggestions.forYear(year, lunar));
        }
        HolidayDao.YearRow y = row.get();
        return new HolidayYear(year, y.confirmedAt() == null ? HolidayYear.Status.DRAFT : HolidayYear.Status.CONFIRMED,
                y.confirmedAt(), y.confirmedBy(), dao.list(year, siteId));
    }

    private static String reason(String given, boolean confirmed) {
        String reason = Text.clean(given);
        if (confirmed && reason == null) {
            throw CalendarRuleException.of("reason", "reasonRequired",
                    "is required: the year's schedule is confirmed, so every change must say why");
        }
        return reason;
    }

    private static void checkDay(HolidayInput in) {
        checkYear("date", in.date().getYear());
        if (in.kind() == HolidayKind.WORKING_DAY && in.date().getDayOfWeek() != DayOfWeek.SATURDAY
                && in.date().getDayOfWeek() != DayOfWeek.SUNDAY) {
            throw CalendarRuleException.of("date", "workingDayNotWeekend",
                    "must be a Saturday or Sunday for a swapped working day, got " + in.date().getDayOfWeek());
        }
    }

    static void checkYear(int year) {
        checkYear("year", year);
    }

    private static void checkYear(String field, int year) {
        if (year < LunarCalendar.MIN_YEAR || year > LunarCalendar.MAX_YEAR) {
            throw CalendarRuleException.of(field, "yearOutOfRange", "must be within the years "
                    + LunarCalendar.MIN_YEAR + ".." + LunarCalendar.MAX_YEAR + ", got " + year);
        }
    }

    private static Long userId(Caller caller) {
        return caller.isSystem() || caller.isAgent() ? null : caller.id();
    }
}
