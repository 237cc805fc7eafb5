package vn.onduty.server.calendar;

import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;

/**
 * The calendar attendance, leave and timesheets compute against: for a site and a date, whether it is
 * a working day, a holiday, a swapped working day or a duty Saturday, and its sessions with grace and
 * punch windows (the rules are {@link CalendarRules}).
 *
 * <p>Fast by caching a whole year per site: the first question about a (site, year) reads the site's
 * calendar and the year's schedule once (or computes the suggestions for a year nobody stored), and
 * every other date of that year is an array lookup. The cache is correct across server instances:
 * every change that can alter a calendar (holiday days and years, site calendars, sites) is written
 * to the append-only audit log in the same transaction, so the number of such audit rows only ever
 * grows, and it grows whenever a calendar may have changed. Each cached year remembers that number
 * as it was when the year was read; at most every {@link #RECHECK} the calendar asks for it again
 * (one indexed count) and rebuilds a year read under a smaller one when it is next asked for.
 * {@link #changed()} makes the next question re-read it at once, so a change made through this
 * instance is seen by the very next question.
 */
public final class WorkingCalendar {

    /** How stale a change made through another server instance may be seen here. */
    public static final Duration RECHECK = Duration.ofSeconds(2);
    /** The longest range {@link #days} and {@link #workingDays} answer for at once. */
    public static final int MAX_DAYS = 3660;

    private record Key(long siteId, int year) {}

    /** A site's year, as read under audit count {@code stamp}. */
    private record SiteYear(long stamp, CalendarDay[] days) {
        CalendarDay day(LocalDate date) {
            return days[date.getDayOfYear() - 1];
        }
    }

    /** The audit rows whose number stamps the cache: changes to anything a calendar is made of. */
    public interface StampDao {
        @SqlQuery("select count(*) from audit_event where entity_type in ('holiday', 'holiday_year', 'site_calendar', 'site')")
        long count();
    }

    private final Jdbi jdbi;
    private final LunarCalendar lunar;
    private final Clock clock;
    private final Duration recheck;
    private final Map<Key, SiteYear> cache = new ConcurrentHashMap<>();
    private final AtomicLong stamp = new AtomicLong(-1);
    private volatile long checkedAtMillis;
    private volatile boolean mustCheck = true;

    public WorkingCalendar(Jdbi jdbi, LunarCalendar lunar, Clock clock) {
        this(jdbi, lunar, clock, RECHECK);
    }

    public WorkingCalendar(Jdbi jdbi, LunarCalendar lunar, Clock clock, Duration recheck) {
        this.jdbi = jdbi;
        this.lunar = lunar;
        this.clock = clock;
        this.recheck = recheck;
    }

    /**
     * What a date is at a site.
     *
     * @throws NotFoundException when there is no such site
     * @throws CalendarRuleException when the date is outside the years the calendar knows (1900..2199)
     */
    public CalendarDay day(long siteId, LocalDate date) {
        return year(siteId, date.getYear()).day(date);
    }

    /** Every date from {@code from} to {@code to}, both included. */
    public List<CalendarDay> days(long siteId, LocalDate from, LocalDate to) {
        checkRange(from, to);
        List<CalendarDay> out = new ArrayList<>((int) ChronoUnit.DAYS.between(from, to) + 1);
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            out.add(day(siteId, d));
        }
        return out;
    }

    /**
     * How many working days lie from {@code from} to {@code to}, both included: the site's weekdays
     * with sessions and swapped working days, not weekends, holidays or duty Saturdays.
     */
    public int workingDays(long siteId, LocalDate from, LocalDate to) {
        checkRange(from, to);
        int n = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (day(siteId, d).working()) {
                n++;
            }
        }
        return n;
    }

    /** Says a calendar changed through this instance: the next question checks the stamp first. */
    public void changed() {
        mustCheck = true;
    }

    private SiteYear year(long siteId, int year) {
        if (year < LunarCalendar.MIN_YEAR || year > LunarCalendar.MAX_YEAR) {
            throw CalendarRuleException.of("date", "yearOutOfRange", "must be within the years "
                    + LunarCalendar.MIN_YEAR + ".." + LunarCalendar.MAX_YEAR + ", got " + year);
        }
        long current = currentStamp();
        Key key = new Key(siteId, year);
        SiteYear cached = cache.get(key);
        if (cached != null && cached.stamp() >= current) {
            return cached;
        }
        SiteYear loaded = load(siteId, year);
        stamp.accumulateAndGet(loaded.stamp(), Math::max);
        cache.merge(key, loaded, (old, now) -> now.stamp() >= old.stamp() ? now : old);
        return loaded;
    }

    private long currentStamp() {
        long now = clock.millis();
        if (mustCheck || now - checkedAtMillis >= recheck.toMillis() || now < checkedAtMillis) {
            mustCheck = false;
            long count = jdbi.withExtension(StampDao.class, dao -> dao.count());
            checkedAtMillis = now;
            return stamp.accumulateAndGet(count, Math::max);
        }
        return stamp.get();
    }

    /**
     * Reads one site's year in one snapshot, so that its stamp and its data agree. On a handle of its own:
     * Jdbi would otherwise reuse a transaction the calling thread has open (a roster change, a leave
     * approval asking for working days), which cannot switch to a snapshot.
     */
    private SiteYear load(long siteId, int year) {
        try (Handle own = jdbi.open()) {
            return load(own, siteId, year);
        }
    }

    private SiteYear load(Handle handle, long siteId, int year) {
        return handle.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            long readStamp = h.attach(StampDao.class).count();
            Site site = h.attach(SiteDao.class).find(siteId)
                    .orElseThrow(() -> new NotFoundException("No site " + siteId));
            SiteCalendar calendar = h.attach(SiteCalendarDao.class).load(siteId).orElseGet(() -> SiteCalendar.defaults(siteId));
            HolidayDao holidays = h.attach(HolidayDao.class);
            Optional<HolidayDao.YearRow> stored = holidays.year(year);
            List<Holiday> entries = stored.isPresent() ? holidays.current(year, siteId)
                    : HolidaySuggestions.forYear(year, lunar);
            boolean confirmed = stored.map(y -> y.confirmedAt() != null).orElse(false);
            Map<LocalDate, Holiday> effective = CalendarRules.effective(entries, siteId);
            ZoneId zone = ZoneId.of(site.timeZone());
            LocalDate first = LocalDate.of(year, 1, 1);
            CalendarDay[] days = new CalendarDay[first.lengthOfYear()];
            for (int i = 0; i < days.length; i++) {
                days[i] = CalendarRules.day(calendar, zone, effective, confirmed, first.plusDays(i));
            }
            return new SiteYear(readStamp, days);
        });
    }

    private static void checkRange(LocalDate from, LocalDate to) {
        if (from == null || to == null) {
            throw CalendarRuleException.of(from == null ? "from" : "to", "required", "is required, e.g. 2026-02-01");
        }
        if (to.isBefore(from)) {
            throw CalendarRuleException.of("to", "beforeFrom", "must not be before from (" + from + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw CalendarRuleException.of("to", "rangeTooLong", "must be less than " + MAX_DAYS + " days after from");
        }
    }
}
