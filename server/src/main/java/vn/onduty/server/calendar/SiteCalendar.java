package vn.onduty.server.calendar;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A site's working-time rules: the default week of sessions, seasons that replace it on their dates
 * every year, grace minutes, punch windows and the Saturdays it opens. {@code configured} is false
 * for a site still on {@link #defaults the default calendar}.
 */
public record SiteCalendar(long siteId, boolean configured, int lateGraceMinutes, int earlyLeaveGraceMinutes,
                           int punchInBeforeMinutes, int punchOutAfterMinutes, List<SessionTime> sessions,
                           List<Season> seasons, List<DutySaturday> dutySaturdays, Instant updatedAt) {

    public static final int DEFAULT_LATE_GRACE = 5;
    public static final int DEFAULT_EARLY_LEAVE_GRACE = 5;
    public static final int DEFAULT_PUNCH_IN_BEFORE = 60;
    public static final int DEFAULT_PUNCH_OUT_AFTER = 120;

    /** A session of one weekday. */
    public record SessionTime(DayOfWeek weekday, SessionPart part, @JsonFormat(pattern = "HH:mm") LocalTime start,
                              @JsonFormat(pattern = "HH:mm") LocalTime end) {
        static final Comparator<SessionTime> ORDER =
                Comparator.comparing(SessionTime::weekday).thenComparing(SessionTime::part);
    }

    /** A date range recurring every year, {@code from}..{@code to} inclusive as MM-dd, with its own week. */
    public record Season(String name, String from, String to, List<SessionTime> sessions) {

        /** Whether a date lies in the season; a season from 10-16 to 04-15 wraps the new year. */
        public boolean includes(LocalDate date) {
            MonthDay day = MonthDay.from(date);
            MonthDay start = parse(from);
            MonthDay end = parse(to);
            return start.isAfter(end)
                    ? !day.isBefore(start) || !day.isAfter(end)
                    : !day.isBefore(start) && !day.isAfter(end);
        }

        static MonthDay parse(String monthDay) {
            return MonthDay.parse("--" + monthDay);
        }
    }

    /** A Saturday on which the site opens for the morning session. */
    public record DutySaturday(LocalDate date, String note) {}

    public SiteCalendar {
        sessions = sorted(sessions);
        seasons = List.copyOf(seasons);
        dutySaturdays = List.copyOf(dutySaturdays);
    }

    /**
     * The length of an official's working day: 8 hours, 40 a week over five days (Decision 188/1999/QĐ-TTg,
     * Art. 1; Labour Code 2019, Art. 105(1) caps ordinary hours at 8 a day). A site whose sessions of a day add up
     * to anything else is shown a warning on its calendar page.
     */
    public static final int WORKING_DAY_MINUTES = 8 * 60;

    /**
     * The calendar of a site nobody has configured: Monday to Friday 07:30–11:30 and 13:30–17:30, eight hours
     * (Decision 188/1999/QĐ-TTg; DESIGN.md §7), five minutes' grace, punches counted from an hour before a session
     * until two hours after it.
     */
    public static SiteCalendar defaults(long siteId) {
        List<SessionTime> week = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            week.add(new SessionTime(d, SessionPart.MORNING, LocalTime.of(7, 30), LocalTime.of(11, 30)));
            week.add(new SessionTime(d, SessionPart.AFTERNOON, LocalTime.of(13, 30), LocalTime.of(17, 30)));
        }
        return new SiteCalendar(siteId, false, DEFAULT_LATE_GRACE, DEFAULT_EARLY_LEAVE_GRACE,
                DEFAULT_PUNCH_IN_BEFORE, DEFAULT_PUNCH_OUT_AFTER, week, List.of(), List.of(), null);
    }

    static List<SessionTime> sorted(List<SessionTime> sessions) {
        return sessions.stream().sorted(SessionTime.ORDER).toList();
    }
}
