package vn.onduty.server.attendance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.CalendarRules;
import vn.onduty.server.calendar.Holiday;
import vn.onduty.server.calendar.HolidayKind;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.calendar.SiteCalendar;

/**
 * The attendance rules, table by table, with no database: each row is a day of one officer (punches as
 * the site's clock shows them, leave, official business, and "now") and the two session rows it gives,
 * written as {@code STATUS in-out late early missing} the way a timekeeper reads them.
 */
class AttendanceRulesTest {

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final long SITE = 3;
    static final long STAFF = 11;
    /** Long after every day below: every session is final. */
    static final Instant LATER = Instant.parse("2027-06-30T00:00:00Z");

    /**
     * A northern site: summer 07:30–11:30 / 13:30–17:00, winter (16 Oct – 15 Apr) 08:00–12:00 / 13:00–17:00,
     * 5 minutes' grace either way, punches from an hour before a session to two hours after (so the morning's
     * out-window and the afternoon's in-window overlap 12:30–13:30 in summer, 12:00–14:00 in winter), and a duty
     * Saturday.
     */
    static final SiteCalendar NORTH = new SiteCalendar(SITE, true, 5, 5, 60, 120,
            week("07:30", "11:30", "13:30", "17:00"),
            List.of(new SiteCalendar.Season("Giờ mùa đông", "10-16", "04-15", week("08:00", "12:00", "13:00", "17:00"))),
            List.of(new SiteCalendar.DutySaturday(LocalDate.of(2026, 3, 7), "Tiếp dân cuối tuần")), null);

    /** Tết 2025 across the end of January, with Saturday 8 Feb worked in exchange for Monday 27 Jan. */
    static final List<Holiday> SCHEDULE = List.of(
            off("2025-01-27", "Nghỉ thêm (hoán đổi với thứ Bảy 08/02)"),
            off("2025-01-28", "Tết Nguyên đán (29 tháng Chạp)"),
            off("2025-01-29", "Tết Nguyên đán (mùng 1)"),
            off("2025-01-30", "Tết Nguyên đán (mùng 2)"),
            off("2025-01-31", "Tết Nguyên đán (mùng 3)"),
            off("2025-02-01", "Tết Nguyên đán (mùng 4)"),
            new Holiday(9L, LocalDate.parse("2025-02-08"), null, HolidayKind.WORKING_DAY, "Làm bù cho thứ Hai 27/01",
                    null, null, null, null, null, null));

    static Stream<Row> days() {
        return Stream.of(
                day("on time, both sessions", "2026-10-14", "07:28 11:32 13:25 17:02")
                        .gives("WORKED 07:28-11:32", "WORKED 13:25-17:02"),
                // Grace boundaries to the minute: lateAfter 07:35, earlyBefore 11:25; seconds do not count.
                day("in at the last minute of the grace", "2026-10-14", "07:35 11:30 13:30 17:00")
                        .gives("WORKED 07:35-11:30", "WORKED 13:30-17:00"),
                day("in within the last minute of the grace", "2026-10-14", "07:35:59 11:30 13:30 17:00")
                        .gives("WORKED 07:35-11:30", "WORKED 13:30-17:00"),
                day("in one minute after the grace: late from the session's start", "2026-10-14", "07:36 11:30 13:30 17:00")
                        .gives("LATE 07:36-11:30 late6", "WORKED 13:30-17:00"),
                day("out at the first minute of the early grace", "2026-10-14", "07:30 11:25 13:30 16:55")
                        .gives("WORKED 07:30-11:25", "WORKED 13:30-16:55"),
                day("out one minute before the early grace", "2026-10-14", "07:30 11:24 13:30 16:54")
                        .gives("WORKED 07:30-11:24 early6", "WORKED 13:30-16:54 early6"),
                // Season boundaries: the same 07:50 is late in summer and early in winter.
                day("last day of summer hours", "2026-10-15", "07:50 11:30 13:30 17:00")
                        .gives("LATE 07:50-11:30 late20", "WORKED 13:30-17:00"),
                day("first day of winter hours", "2026-10-16", "07:50 12:00 13:00 17:00")
                        .gives("WORKED 07:50-12:00", "WORKED 13:00-17:00"),
                day("first day of winter hours, after the grace", "2026-10-16", "08:06 12:00 13:00 17:00")
                        .gives("LATE 08:06-12:00 late6", "WORKED 13:00-17:00"),
                day("last day of winter hours", "2027-04-15", "07:50 12:00 13:00 17:00")
                        .gives("WORKED 07:50-12:00", "WORKED 13:00-17:00"),
                day("first day of summer hours again", "2027-04-16", "07:50 11:30 13:30 17:00")
                        .gives("LATE 07:50-11:30 late20", "WORKED 13:30-17:00"),
                // A forgotten punch is flagged, not turned into an absence.
                day("forgotten morning out-punch", "2026-10-14", "07:25 13:25 17:00")
                        .gives("WORKED 07:25-", "WORKED 13:25-17:00").missing("OUT", null),
                day("forgotten afternoon out-punch", "2026-10-14", "07:25 11:31 13:20")
                        .gives("WORKED 07:25-11:31", "WORKED 13:20-").missing(null, "OUT"),
                day("forgotten in-punch: the single punch after the midpoint is the out", "2026-10-14", "11:35 13:25 17:00")
                        .gives("WORKED -11:35", "WORKED 13:25-17:00").missing("IN", null),
                day("no punch at all", "2026-10-14", "")
                        .gives("ABSENT -", "ABSENT -").missing("BOTH", "BOTH"),
                // Duplicates seconds apart are one touch.
                day("duplicates seconds apart collapse", "2026-10-14", "07:25 07:25:20 07:25:50 11:31 11:31:30 13:20 17:01 17:01:05")
                        .gives("WORKED 07:25-11:31", "WORKED 13:20-17:01"),
                day("a double touch is not an in and an out", "2026-10-14", "07:25 07:25:30 13:20 17:01")
                        .gives("WORKED 07:25-", "WORKED 13:20-17:01").missing("OUT", null),
                // The 12:30–13:30 overlap of the morning's out-window and the afternoon's in-window.
                day("lunch punches in the overlap: first closes the morning, next opens the afternoon", "2026-10-14",
                        "07:25 12:40 13:25 17:00")
                        .gives("WORKED 07:25-12:40", "WORKED 13:25-17:00"),
                day("a single overlap punch after a morning out opens the afternoon", "2026-10-14", "07:25 11:35 12:45 17:00")
                        .gives("WORKED 07:25-11:35", "WORKED 12:45-17:00"),
                day("a single overlap punch with no morning punch opens the afternoon", "2026-10-14", "13:10 17:00")
                        .gives("ABSENT -", "WORKED 13:10-17:00"),
                day("winter: a single overlap punch nearer the morning's end closes the morning", "2026-10-20",
                        "07:55 12:20 16:58")
                        .gives("WORKED 07:55-12:20", "WORKED -16:58").missing(null, "IN"),
                day("winter: a single overlap punch nearer the afternoon's start opens it", "2026-10-20",
                        "07:55 13:40 17:00")
                        .gives("WORKED 07:55-", "LATE 13:40-17:00 late40").missing("OUT", null),
                // Leave and official business.
                day("half-day leave in the morning, afternoon worked", "2026-10-14", "13:20 17:05").leave("MORNING", "P")
                        .gives("LEAVE - P", "WORKED 13:20-17:05"),
                day("half-day leave in the afternoon, morning worked late", "2026-10-14", "07:45 11:30").leave("AFTERNOON", "P")
                        .gives("LATE 07:45-11:30 late15", "LEAVE - P"),
                day("an overlap punch goes to the session not on leave", "2026-10-14", "07:30 12:50").leave("AFTERNOON", "P")
                        .gives("WORKED 07:30-12:50", "LEAVE - P"),
                day("official business in the morning", "2026-10-14", "13:25 17:00").business("MORNING", 42)
                        .gives("OFFICIAL_BUSINESS - #42", "WORKED 13:25-17:00"),
                day("a manual punch from an approved correction counts, pointing at it", "2026-10-14", "07:25 m11:30#9 13:25 17:00")
                        .gives("WORKED 07:25-11:30 #9", "WORKED 13:25-17:00"),
                // The calendar's special days.
                day("a swapped Saturday is a full working day", "2025-02-08", "07:58 12:01 13:00 17:00")
                        .gives("WORKED 07:58-12:01", "WORKED 13:00-17:00"),
                day("a swapped Saturday without punches is an absence", "2025-02-08", "")
                        .gives("ABSENT -", "ABSENT -"),
                day("Tết across the end of the month: a Friday off", "2025-01-31", "")
                        .gives("HOLIDAY -", "HOLIDAY -"),
                day("Tết across the end of the month: a Saturday off is not a holiday worked lost", "2025-02-01", "")
                        .gives("NOT_SCHEDULED -", "NOT_SCHEDULED -"),
                day("punches on a holiday are recorded, the status stays", "2025-01-30", "09:00 10:30 14:00")
                        .gives("HOLIDAY 09:00-10:30", "HOLIDAY 14:00-"),
                day("punches on a Sunday are recorded, not scheduled", "2026-10-18", "08:00 15:00 16:00")
                        .gives("NOT_SCHEDULED 08:00-", "NOT_SCHEDULED 15:00-16:00"),
                day("duty Saturday punched: duty", "2026-03-07", "07:55 12:05")
                        .gives("DUTY 07:55-12:05", "NOT_SCHEDULED -"),
                day("duty Saturday not punched: not scheduled (the roster will say who was due)", "2026-03-07", "")
                        .gives("NOT_SCHEDULED -", "NOT_SCHEDULED -"),
                // Today: not final until a session ends.
                day("today before anyone came: open", "2026-10-14", "").now("06:50")
                        .gives("OPEN -", "OPEN -"),
                day("today, in late, session running: open with its lateness", "2026-10-14", "07:41").now("09:00")
                        .gives("OPEN 07:41- late11", "OPEN -"),
                day("today after the morning ended: the morning is final", "2026-10-14", "07:25").now("11:31")
                        .gives("WORKED 07:25-", "OPEN -").missing("OUT", null),
                day("today after the morning ended without a punch: absent", "2026-10-14", "").now("11:30")
                        .gives("ABSENT -", "OPEN -"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("days")
    void computesEachSessionOfTheDay(String what, Case c) {
        List<AttendanceSession> rows = AttendanceRules.compute(c.input(), c.now());

        assertThat(rows).extracting(AttendanceSession::part).containsExactly(SessionPart.MORNING, SessionPart.AFTERNOON);
        assertThat(rows).extracting(AttendanceRulesTest::describe).containsExactly(c.morning(), c.afternoon());
        if (c.checkMissing()) {
            assertThat(rows).extracting(r -> r.missing() == null ? null : r.missing().name())
                    .containsExactly(c.missingMorning(), c.missingAfternoon());
        }
        assertThat(rows).allSatisfy(r -> {
            assertThat(r.staffId()).isEqualTo(STAFF);
            assertThat(r.siteId()).isEqualTo(SITE);
            assertThat(r.workDate()).isEqualTo(c.input().day().date());
        });
    }

    @Test
    void scheduledSessionsCarryTheirTimesOfTheDay() {
        List<AttendanceSession> rows = AttendanceRules.compute(day("", "2026-10-16", "").input(), LATER);
        assertThat(rows.get(0).startsAt()).isEqualTo(Instant.parse("2026-10-16T01:00:00Z"));
        assertThat(rows.get(1).endsAt()).isEqualTo(Instant.parse("2026-10-16T10:00:00Z"));
        List<AttendanceSession> sunday = AttendanceRules.compute(day("", "2026-10-18", "").input(), LATER);
        assertThat(sunday).allSatisfy(r -> assertThat(r.startsAt()).isNull());
    }

    @Test
    void punchesThatArriveDaysLateGiveTheSameDayAsPunchesOnTime() {
        Builder c = day("", "2026-10-14", "07:41 11:33 13:29 17:04");
        List<AttendanceSession> thatEvening = AttendanceRules.compute(c.input(), at("2026-10-14", "20:00"));
        List<AttendanceSession> aWeekLater = AttendanceRules.compute(c.input(), at("2026-10-21", "09:00"));
        assertThat(aWeekLater).isEqualTo(thatEvening);
        assertThat(aWeekLater).extracting(AttendanceRulesTest::describe)
                .containsExactly("LATE 07:41-11:33 late11", "WORKED 13:29-17:04");
    }

    @Test
    void punchOrderDoesNotMatter() {
        Builder sorted = day("", "2026-10-14", "07:25 11:31 13:20 17:01");
        Builder shuffled = day("", "2026-10-14", "17:01 07:25 13:20 11:31");
        assertThat(AttendanceRules.compute(shuffled.input(), LATER)).isEqualTo(AttendanceRules.compute(sorted.input(), LATER));
    }

    @Test
    void inactiveOfficerOrADayBeforeTheServiceStartGivesNothing() {
        Builder c = day("", "2026-10-14", "07:25 11:31");
        AttendanceRules.DayInput in = c.input();
        AttendanceRules.DayInput inactive = new AttendanceRules.DayInput(
                new AttendanceRules.Officer(STAFF, SITE, false, null), in.day(), true, in.punches(), Map.of(), Map.of());
        AttendanceRules.DayInput notYetServing = new AttendanceRules.DayInput(
                new AttendanceRules.Officer(STAFF, SITE, true, LocalDate.parse("2026-10-15")), in.day(), true,
                in.punches(), Map.of(), Map.of());
        assertThat(AttendanceRules.compute(inactive, LATER)).isEmpty();
        assertThat(AttendanceRules.compute(notYetServing, LATER)).isEmpty();
    }

    @Test
    void holidayOnAWeekdayTheSiteDoesNotWorkIsNotScheduled() {
        // Mondays closed: a holiday on a Monday costs nobody a working day.
        List<SiteCalendar.SessionTime> tueToFri = week("07:30", "11:30", "13:30", "17:00").stream()
                .filter(s -> s.weekday() != DayOfWeek.MONDAY).toList();
        SiteCalendar noMondays = new SiteCalendar(SITE, true, 5, 5, 60, 120, tueToFri, List.of(), List.of(), null);
        LocalDate monday = LocalDate.parse("2025-01-27");
        assertThat(AttendanceRules.normallyWorks(noMondays, monday)).isFalse();
        assertThat(AttendanceRules.normallyWorks(NORTH, monday)).isTrue();
        assertThat(AttendanceRules.normallyWorks(NORTH, LocalDate.parse("2025-02-01"))).isFalse();
    }

    // ---- the table's language ----

    record Case(AttendanceRules.DayInput input, Instant now, String morning, String afternoon, boolean checkMissing,
                String missingMorning, String missingAfternoon) {
        @Override
        public String toString() {
            return input.day().date() + " " + input.punches().size() + " punches";
        }
    }

    static Builder day(String what, String date, String punches) {
        return new Builder(what, LocalDate.parse(date), punches);
    }

    static final class Builder {
        final String what;
        final LocalDate date;
        final List<DayPunch> punches = new ArrayList<>();
        final Map<SessionPart, String> leave = new EnumMap<>(SessionPart.class);
        final Map<SessionPart, Long> business = new EnumMap<>(SessionPart.class);
        Instant now = LATER;

        Builder(String what, LocalDate date, String punches) {
            this.what = what;
            this.date = date;
            for (String p : punches.split(" ")) {
                if (p.isBlank()) {
                    continue;
                }
                Long correction = null;
                String time = p;
                if (p.startsWith("m")) {
                    correction = Long.valueOf(p.substring(p.indexOf('#') + 1));
                    time = p.substring(1, p.indexOf('#'));
                }
                this.punches.add(new DayPunch(date.atTime(LocalTime.parse(time)).atZone(HCM).toInstant(), correction));
            }
        }

        Builder leave(String part, String code) {
            leave.put(SessionPart.valueOf(part), code);
            return this;
        }

        Builder business(String part, long correctionId) {
            business.put(SessionPart.valueOf(part), correctionId);
            return this;
        }

        Builder now(String time) {
            now = date.atTime(LocalTime.parse(time)).atZone(HCM).toInstant();
            return this;
        }

        AttendanceRules.DayInput input() {
            CalendarDay day = CalendarRules.day(NORTH, HCM, CalendarRules.effective(SCHEDULE, SITE), true, date);
            return new AttendanceRules.DayInput(new AttendanceRules.Officer(STAFF, SITE, true, LocalDate.parse("2019-03-01")),
                    day, AttendanceRules.normallyWorks(NORTH, date), punches, leave, business);
        }

        Row gives(String morning, String afternoon) {
            return new Row(what, new Case(input(), now, morning, afternoon, false, null, null));
        }
    }

    /** A row of the table; {@link #missing} adds which punch each session misses (null for none). */
    record Row(String what, Case c) implements Arguments {
        Row missing(String morning, String afternoon) {
            return new Row(what, new Case(c.input(), c.now(), c.morning(), c.afternoon(), true, morning, afternoon));
        }

        @Override
        public Object[] get() {
            return new Object[] {what, c};
        }
    }

    static String describe(AttendanceSession r) {
        DateTimeFormatter hhmm = DateTimeFormatter.ofPattern("HH:mm");
        StringBuilder s = new StringBuilder(r.status().name()).append(' ');
        s.append(r.inAt() == null ? "" : hhmm.format(r.inAt().atZone(HCM))).append('-');
        s.append(r.outAt() == null ? "" : hhmm.format(r.outAt().atZone(HCM)));
        if (r.lateMinutes() > 0) {
            s.append(" late").append(r.lateMinutes());
        }
        if (r.earlyLeaveMinutes() > 0) {
            s.append(" early").append(r.earlyLeaveMinutes());
        }
        if (r.leaveCode() != null) {
            s.append(' ').append(r.leaveCode());
        }
        if (r.correctionId() != null) {
            s.append(" #").append(r.correctionId());
        }
        return s.toString();
    }

    static Instant at(String date, String time) {
        return LocalDateTime.of(LocalDate.parse(date), LocalTime.parse(time)).atZone(HCM).toInstant();
    }

    static List<SiteCalendar.SessionTime> week(String mStart, String mEnd, String aStart, String aEnd) {
        List<SiteCalendar.SessionTime> out = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            out.add(new SiteCalendar.SessionTime(d, SessionPart.MORNING, LocalTime.parse(mStart), LocalTime.parse(mEnd)));
            out.add(new SiteCalendar.SessionTime(d, SessionPart.AFTERNOON, LocalTime.parse(aStart), LocalTime.parse(aEnd)));
        }
        return out;
    }

    static Holiday off(String date, String name) {
        return new Holiday((long) date.hashCode(), LocalDate.parse(date), null, HolidayKind.DAY_OFF, name, null, null,
                null, null, null, null);
    }
}
