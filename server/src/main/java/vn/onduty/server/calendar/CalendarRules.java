package vn.onduty.server.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.calendar.CalendarDay.DayType;

/**
 * How a date becomes a {@link CalendarDay}, with no database: the pure rules {@link WorkingCalendar} caches.
 *
 * <ol>
 *   <li>The year's schedule entry for the date, the site's own before the nationwide one: a day off
 *       makes a holiday; a working day makes a swapped working day with the sessions of a normal weekday.</li>
 *   <li>Else a duty Saturday opens the morning session of a normal weekday.</li>
 *   <li>Else the sessions of that weekday, from the season the date falls in or the default week.</li>
 * </ol>
 * A "normal weekday" is Monday, or the first of Tuesday..Friday with sessions if the site does not open on Mondays.
 */
public final class CalendarRules {

    private static final LocalTime LAST_MOMENT = LocalTime.of(23, 59);

    private CalendarRules() {}

    /** The entries that apply to a site: current ones only, the site's own winning over nationwide ones. */
    public static Map<LocalDate, Holiday> effective(List<Holiday> entries, long siteId) {
        Map<LocalDate, Holiday> out = new HashMap<>();
        for (Holiday h : entries) {
            if (!h.current() || (h.siteId() != null && h.siteId() != siteId)) {
                continue;
            }
            Holiday there = out.get(h.date());
            if (there == null || (there.siteId() == null && h.siteId() != null)) {
                out.put(h.date(), h);
            }
        }
        return out;
    }

    public static CalendarDay day(SiteCalendar calendar, ZoneId zone, Map<LocalDate, Holiday> entries,
                                  boolean scheduleConfirmed, LocalDate date) {
        SiteCalendar.Season season = calendar.seasons().stream().filter(s -> s.includes(date)).findFirst().orElse(null);
        List<SiteCalendar.SessionTime> week = season == null ? calendar.sessions() : season.sessions();
        String seasonName = season == null ? null : season.name();
        Holiday entry = entries.get(date);
        if (entry != null && entry.kind() == HolidayKind.DAY_OFF) {
            return new CalendarDay(calendar.siteId(), date, zone, DayType.HOLIDAY, false, false, entry.name(),
                    scheduleConfirmed, seasonName, List.of());
        }
        if (entry != null && entry.kind() == HolidayKind.WORKING_DAY) {
            return new CalendarDay(calendar.siteId(), date, zone, DayType.SWAPPED_WORKING_DAY, true, true,
                    entry.name(), scheduleConfirmed, seasonName, sessions(calendar, normalWeekday(week)));
        }
        if (date.getDayOfWeek() == DayOfWeek.SATURDAY
                && calendar.dutySaturdays().stream().anyMatch(d -> d.date().equals(date))) {
            List<SiteCalendar.SessionTime> morning = normalWeekday(week).stream()
                    .filter(s -> s.part() == SessionPart.MORNING).toList();
            String note = calendar.dutySaturdays().stream().filter(d -> d.date().equals(date))
                    .map(SiteCalendar.DutySaturday::note).findFirst().orElse(null);
            return new CalendarDay(calendar.siteId(), date, zone, DayType.DUTY_SATURDAY, false, !morning.isEmpty(),
                    note, scheduleConfirmed, seasonName, sessions(calendar, morning));
        }
        List<SiteCalendar.SessionTime> today = ofDay(week, date.getDayOfWeek());
        boolean open = !today.isEmpty();
        return new CalendarDay(calendar.siteId(), date, zone, open ? DayType.WORKDAY : DayType.REST_DAY, open, open,
                null, scheduleConfirmed, seasonName, sessions(calendar, today));
    }

    private static List<SiteCalendar.SessionTime> normalWeekday(List<SiteCalendar.SessionTime> week) {
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            List<SiteCalendar.SessionTime> sessions = ofDay(week, d);
            if (!sessions.isEmpty()) {
                return sessions;
            }
        }
        return List.of();
    }

    private static List<SiteCalendar.SessionTime> ofDay(List<SiteCalendar.SessionTime> week, DayOfWeek day) {
        return week.stream().filter(s -> s.weekday() == day).sorted(SiteCalendar.SessionTime.ORDER).toList();
    }

    private static List<CalendarDay.Session> sessions(SiteCalendar c, List<SiteCalendar.SessionTime> times) {
        List<CalendarDay.Session> out = new ArrayList<>(times.size());
        for (SiteCalendar.SessionTime t : times) {
            out.add(new CalendarDay.Session(t.part(), t.start(), t.end(), c.lateGraceMinutes(),
                    c.earlyLeaveGraceMinutes(), plus(t.start(), c.lateGraceMinutes()),
                    plus(t.end(), -c.earlyLeaveGraceMinutes()), plus(t.start(), -c.punchInBeforeMinutes()),
                    plus(t.end(), c.punchOutAfterMinutes())));
        }
        return out;
    }

    /** A time moved by some minutes, held within the day rather than wrapping past midnight. */
    private static LocalTime plus(LocalTime t, int minutes) {
        int seconds = t.toSecondOfDay() + minutes * 60;
        if (seconds < 0) {
            return LocalTime.MIDNIGHT;
        }
        return seconds > LAST_MOMENT.toSecondOfDay() ? LAST_MOMENT : LocalTime.ofSecondOfDay(seconds);
    }
}
