package vn.onduty.server.calendar;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import vn.onduty.server.api.Text;

/**
 * The rules of a site calendar that span fields, checked before anything is stored. Each problem
 * names the field as the request does ({@code seasons[1].sessions[0].end}); the pages translate its code.
 */
public final class SiteCalendarRules {

    private SiteCalendarRules() {}

    public static List<CalendarProblem> check(SiteCalendarInput in) {
        List<CalendarProblem> problems = new ArrayList<>();
        week("sessions", in.sessions() == null ? List.of() : in.sessions(), problems);
        Map<String, Integer> names = new HashMap<>();
        int[] owner = new int[367];
        java.util.Arrays.fill(owner, -1);
        List<SiteCalendarInput.Season> seasons = in.seasonsOrEmpty();
        for (int i = 0; i < seasons.size(); i++) {
            SiteCalendarInput.Season s = seasons.get(i);
            String at = "seasons[" + i + "]";
            String name = Text.clean(s.name());
            if (name != null && names.putIfAbsent(name.toLowerCase(Locale.ROOT), i) != null) {
                problems.add(new CalendarProblem(at + ".name", "duplicateName", "is used by another season"));
            }
            MonthDay from = monthDay(s.from(), at + ".from", problems);
            MonthDay to = monthDay(s.to(), at + ".to", problems);
            if (from != null && to != null) {
                Integer clash = claim(owner, from, to, i);
                if (clash != null) {
                    problems.add(new CalendarProblem(at + ".from", "seasonsOverlap",
                            "overlaps season '" + seasons.get(clash).name() + "'"));
                }
            }
            week(at + ".sessions", s.sessions() == null ? List.of() : s.sessions(), problems);
        }
        Set<LocalDate> duty = new HashSet<>();
        List<SiteCalendarInput.DutySaturday> days = in.dutySaturdaysOrEmpty();
        for (int i = 0; i < days.size(); i++) {
            LocalDate d = days.get(i).date();
            if (d == null) {
                continue;
            }
            String at = "dutySaturdays[" + i + "].date";
            if (d.getDayOfWeek() != DayOfWeek.SATURDAY) {
                problems.add(new CalendarProblem(at, "notSaturday", "is not a Saturday: " + d));
            } else if (!duty.add(d)) {
                problems.add(new CalendarProblem(at, "duplicateDate", "is listed twice: " + d));
            }
        }
        return problems;
    }

    /**
     * A weekday whose sessions do not add up to an official's 8-hour day ({@link SiteCalendar#WORKING_DAY_MINUTES},
     * Decision 188/1999/QĐ-TTg): {@code season} null for the site's default week.
     */
    public record ShortDay(String season, DayOfWeek weekday, long minutes) {

        public String hoursAndMinutes() {
            return minutes / 60 + ":" + String.format("%02d", minutes % 60);
        }
    }

    /**
     * The weekdays, of the default week and of every season (winter and summer hours of the northern provinces), on
     * which the site opens for other than 8 hours. A week may still be right with a long and a short day, but
     * Decision 188 sets 8 hours a day, so each day is checked. Saturdays and Sundays with sessions are checked too:
     * a site that opens them says so in its week.
     */
    public static List<ShortDay> notEightHours(SiteCalendar c) {
        List<ShortDay> out = new ArrayList<>();
        notEightHours(null, c.sessions(), out);
        for (SiteCalendar.Season s : c.seasons()) {
            notEightHours(s.name(), s.sessions(), out);
        }
        return out;
    }

    private static void notEightHours(String season, List<SiteCalendar.SessionTime> week, List<ShortDay> out) {
        Map<DayOfWeek, Long> minutes = new java.util.EnumMap<>(DayOfWeek.class);
        for (SiteCalendar.SessionTime t : week) {
            minutes.merge(t.weekday(), java.time.Duration.between(t.start(), t.end()).toMinutes(), Long::sum);
        }
        minutes.forEach((day, m) -> {
            if (m != SiteCalendar.WORKING_DAY_MINUTES) {
                out.add(new ShortDay(season, day, m));
            }
        });
    }

    /** The calendar as it is stored: texts cleaned, sessions in weekday order. */
    public static SiteCalendar toCalendar(long siteId, SiteCalendarInput in) {
        return new SiteCalendar(siteId, true, in.lateGraceMinutes(), in.earlyLeaveGraceMinutes(),
                in.punchInBeforeMinutes(), in.punchOutAfterMinutes(), sessions(in.sessions()),
                in.seasonsOrEmpty().stream().map(s -> new SiteCalendar.Season(Text.clean(s.name()),
                        s.from(), s.to(), sessions(s.sessions()))).toList(),
                in.dutySaturdaysOrEmpty().stream()
                        .map(d -> new SiteCalendar.DutySaturday(d.date(), Text.clean(d.note())))
                        .sorted(java.util.Comparator.comparing(SiteCalendar.DutySaturday::date)).toList(),
                null);
    }

    private static List<SiteCalendar.SessionTime> sessions(List<SiteCalendarInput.Session> in) {
        return in.stream().map(s -> new SiteCalendar.SessionTime(s.weekday(), s.part(), s.start(), s.end())).toList();
    }

    private static void week(String at, List<SiteCalendarInput.Session> sessions, List<CalendarProblem> problems) {
        Map<String, SiteCalendarInput.Session> seen = new HashMap<>();
        for (int i = 0; i < sessions.size(); i++) {
            SiteCalendarInput.Session s = sessions.get(i);
            if (s == null || s.weekday() == null || s.part() == null || s.start() == null || s.end() == null) {
                continue;
            }
            String field = at + "[" + i + "]";
            if (!s.end().isAfter(s.start())) {
                problems.add(new CalendarProblem(field + ".end", "endNotAfterStart", "must be after start " + s.start()));
            }
            if (seen.putIfAbsent(s.weekday() + " " + s.part(), s) != null) {
                problems.add(new CalendarProblem(field, "duplicateSession",
                        "repeats the " + s.weekday() + " " + s.part() + " session"));
            }
        }
        for (int i = 0; i < sessions.size(); i++) {
            SiteCalendarInput.Session s = sessions.get(i);
            if (s == null || s.part() != SessionPart.AFTERNOON || s.start() == null) {
                continue;
            }
            SiteCalendarInput.Session morning = seen.get(s.weekday() + " " + SessionPart.MORNING);
            if (morning != null && morning.end() != null && s.start().isBefore(morning.end())) {
                problems.add(new CalendarProblem(at + "[" + i + "].start", "afternoonBeforeMorning",
                        "must not be before the " + s.weekday() + " morning session ends at " + morning.end()));
            }
        }
    }

    private static MonthDay monthDay(String text, String field, List<CalendarProblem> problems) {
        if (text == null) {
            return null;
        }
        try {
            return SiteCalendar.Season.parse(text);
        } catch (DateTimeException e) {
            problems.add(new CalendarProblem(field, "notDayOfYear",
                    "must be a day of the year written MM-dd, such as 10-16, got '" + text + "'"));
            return null;
        }
    }

    /** Marks the days of a season (on a leap year's 366 days); answers the season already there, if any. */
    private static Integer claim(int[] owner, MonthDay from, MonthDay to, int season) {
        Integer clash = null;
        LocalDate d = from.atYear(2000);
        LocalDate end = to.atYear(2000);
        for (int n = 0; n < 366; n++) {
            int slot = d.getDayOfYear();
            if (owner[slot] >= 0 && clash == null) {
                clash = owner[slot];
            }
            owner[slot] = season;
            if (d.equals(end)) {
                break;
            }
            d = d.getYear() == 2000 && d.getDayOfYear() == 366 ? LocalDate.of(2000, 1, 1) : d.plusDays(1);
        }
        return clash;
    }
}
