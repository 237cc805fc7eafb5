package vn.onduty.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import vn.onduty.server.calendar.CalendarDay.DayType;

/** What each date is at a site, table by table, with no database. */
class CalendarRulesTest {

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final long SITE = 7;
    static final long OTHER_SITE = 8;

    /**
     * A northern site: summer hours 07:30–11:30 / 13:30–17:00, winter hours 16 Oct – 15 Apr
     * 08:00–12:00 / 13:00–17:00, 5 minutes' grace to arrive, 10 to leave, punches from an hour before
     * a session to two hours after, and a duty Saturday in March.
     */
    static final SiteCalendar NORTH = new SiteCalendar(SITE, true, 5, 10, 60, 120,
            week("07:30", "11:30", "13:30", "17:00"),
            List.of(new SiteCalendar.Season("Giờ mùa đông", "10-16", "04-15", week("08:00", "12:00", "13:00", "17:00"))),
            List.of(new SiteCalendar.DutySaturday(LocalDate.of(2026, 3, 7), "Tiếp dân cuối tuần"),
                    new SiteCalendar.DutySaturday(LocalDate.of(2026, 5, 2), "Trùng nghỉ lễ")),
            null);

    /**
     * A schedule entered by an admin, in the shape the government publishes: Tết 2025 across the end of
     * January (Saturday 25 Jan – Sunday 2 Feb, with Monday 27 Jan given and Saturday 8 Feb worked in
     * exchange); Tết 2026 (16–20 Feb, between the weekends of 14–15 and 21–22 Feb); a withdrawn entry;
     * a provincial day off for this site only; and a nationwide swap a site turned into its own day off.
     */
    static final List<Holiday> SCHEDULE = List.of(
            off("2025-01-01", null, "Tết Dương lịch"),
            off("2025-01-27", null, "Nghỉ thêm (hoán đổi với thứ Bảy 08/02)"),
            off("2025-01-28", null, "Tết Nguyên đán (29 tháng Chạp)"),
            off("2025-01-29", null, "Tết Nguyên đán (mùng 1 tháng Giêng)"),
            off("2025-01-30", null, "Tết Nguyên đán (mùng 2 tháng Giêng)"),
            off("2025-01-31", null, "Tết Nguyên đán (mùng 3 tháng Giêng)"),
            off("2025-02-01", null, "Tết Nguyên đán (mùng 4 tháng Giêng)"),
            work("2025-02-08", null, "Làm bù cho thứ Hai 27/01"),
            off("2026-02-16", null, "Tết Nguyên đán (29 tháng Chạp)"),
            off("2026-02-17", null, "Tết Nguyên đán (mùng 1 tháng Giêng)"),
            off("2026-02-18", null, "Tết Nguyên đán (mùng 2 tháng Giêng)"),
            off("2026-02-19", null, "Tết Nguyên đán (mùng 3 tháng Giêng)"),
            off("2026-02-20", null, "Tết Nguyên đán (mùng 4 tháng Giêng)"),
            withdrawn(off("2026-02-23", null, "Nghỉ thêm (đã bỏ)")),
            off("2026-03-10", SITE, "Ngày giải phóng tỉnh"),
            work("2026-03-14", null, "Làm bù toàn quốc"),
            off("2026-03-14", SITE, "Tỉnh cho nghỉ thay vì làm bù"),
            off("2026-05-01", null, "Ngày Quốc tế Lao động (1/5)"),
            off("2026-05-02", null, "Nghỉ thêm dịp 1/5"));

    static Stream<Arguments> days() {
        return Stream.of(
                // Season boundaries, by date, recurring every year and wrapping the new year.
                row("2026-10-15", DayType.WORKDAY, null, "07:30-11:30 13:30-17:00"),
                row("2026-10-16", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                row("2026-12-31", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                row("2027-01-01", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                row("2027-04-15", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                row("2027-04-16", DayType.WORKDAY, null, "07:30-11:30 13:30-17:00"),
                row("2024-02-29", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                row("2026-10-17", DayType.REST_DAY, null, ""),
                row("2026-10-18", DayType.REST_DAY, null, ""),
                // Tết 2025 across the end of January, with a Monday given and a Saturday worked for it.
                row("2025-01-24", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                row("2025-01-25", DayType.REST_DAY, null, ""),
                row("2025-01-27", DayType.HOLIDAY, "Nghỉ thêm (hoán đổi với thứ Bảy 08/02)", ""),
                row("2025-01-31", DayType.HOLIDAY, "Tết Nguyên đán (mùng 3 tháng Giêng)", ""),
                row("2025-02-01", DayType.HOLIDAY, "Tết Nguyên đán (mùng 4 tháng Giêng)", ""),
                row("2025-02-02", DayType.REST_DAY, null, ""),
                row("2025-02-03", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                // A swapped Saturday is a full working day with a weekday's (winter) sessions.
                row("2025-02-08", DayType.SWAPPED_WORKING_DAY, "Làm bù cho thứ Hai 27/01", "08:00-12:00 13:00-17:00"),
                // Tết 2026: 14–22 Feb off, Friday 13 and Monday 23 worked (23 Feb's entry was withdrawn).
                row("2026-02-13", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                row("2026-02-14", DayType.REST_DAY, null, ""),
                row("2026-02-16", DayType.HOLIDAY, "Tết Nguyên đán (29 tháng Chạp)", ""),
                row("2026-02-20", DayType.HOLIDAY, "Tết Nguyên đán (mùng 4 tháng Giêng)", ""),
                row("2026-02-22", DayType.REST_DAY, null, ""),
                row("2026-02-23", DayType.WORKDAY, null, "08:00-12:00 13:00-17:00"),
                // A duty Saturday opens the (winter) morning only; on a holiday the holiday wins.
                row("2026-03-07", DayType.DUTY_SATURDAY, "Tiếp dân cuối tuần", "08:00-12:00"),
                row("2026-03-21", DayType.REST_DAY, null, ""),
                row("2026-05-02", DayType.HOLIDAY, "Nghỉ thêm dịp 1/5", ""),
                // The site's own entry first: a provincial day, and a nationwide swap the province gave off instead.
                row("2026-03-10", DayType.HOLIDAY, "Ngày giải phóng tỉnh", ""),
                row("2026-03-14", DayType.HOLIDAY, "Tỉnh cho nghỉ thay vì làm bù", ""));
    }

    @ParameterizedTest(name = "{0} is {1} {2} [{3}]")
    @MethodSource("days")
    void decidesWhatEachDateIs(LocalDate date, DayType type, String name, String sessions) {
        CalendarDay day = day(NORTH, date);
        assertThat(day.type()).isEqualTo(type);
        assertThat(day.name()).isEqualTo(name);
        assertThat(times(day)).isEqualTo(sessions);
        assertThat(day.working()).isEqualTo(type == DayType.WORKDAY || type == DayType.SWAPPED_WORKING_DAY);
        assertThat(day.open()).isEqualTo(!sessions.isEmpty());
        assertThat(day.date()).isEqualTo(date);
        assertThat(day.zone()).isEqualTo(HCM);
    }

    @Test
    void otherSitesKeepTheNationwideSchedule() {
        SiteCalendar other = SiteCalendar.defaults(OTHER_SITE);
        assertThat(day(other, LocalDate.of(2026, 3, 10)).type()).isEqualTo(DayType.WORKDAY);
        CalendarDay swap = day(other, LocalDate.of(2026, 3, 14));
        assertThat(swap.type()).isEqualTo(DayType.SWAPPED_WORKING_DAY);
        assertThat(times(swap)).isEqualTo("07:30-11:30 13:30-17:30");
        assertThat(day(other, LocalDate.of(2026, 3, 7)).type()).as("duty Saturdays are per site").isEqualTo(DayType.REST_DAY);
    }

    @ParameterizedTest(name = "{0}..{1}: {2} working days")
    @CsvSource({
            "2025-01-01, 2025-01-31, 17", // 23 weekdays less 1 Jan and 27–31 Jan
            "2025-02-01, 2025-02-28, 21", // 20 weekdays plus Saturday 8 Feb worked
            "2026-02-01, 2026-02-28, 15", // 20 weekdays less 16–20 Feb
            "2026-02-14, 2026-02-22, 0",
            "2026-03-01, 2026-03-31, 21", // 22 weekdays less the provincial 10 Mar; the duty Saturday does not count
            "2026-02-13, 2026-02-23, 2"})
    void countsWorkingDaysForLeave(LocalDate from, LocalDate to, int expected) {
        int n = 0;
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            n += day(NORTH, d).working() ? 1 : 0;
        }
        assertThat(n).isEqualTo(expected);
    }

    @Test
    void exposesGraceAndPunchWindowsOfEachSession() {
        CalendarDay summer = day(NORTH, LocalDate.of(2026, 6, 1));
        CalendarDay.Session morning = summer.sessions().get(0);
        assertThat(morning.part()).isEqualTo(SessionPart.MORNING);
        assertThat(morning).isEqualTo(new CalendarDay.Session(SessionPart.MORNING, t("07:30"), t("11:30"), 5, 10,
                t("07:35"), t("11:20"), t("06:30"), t("13:30")));
        CalendarDay.Session afternoon = summer.sessions().get(1);
        assertThat(afternoon).isEqualTo(new CalendarDay.Session(SessionPart.AFTERNOON, t("13:30"), t("17:00"), 5, 10,
                t("13:35"), t("16:50"), t("12:30"), t("19:00")));
        assertThat(morning.minutes() + afternoon.minutes()).isEqualTo(450);
        assertThat(summer.at(t("07:30"))).isEqualTo(java.time.Instant.parse("2026-06-01T00:30:00Z"));
    }

    @Test
    void keepsPunchWindowsWithinTheDay() {
        List<SiteCalendar.SessionTime> night = List.of(
                new SiteCalendar.SessionTime(DayOfWeek.MONDAY, SessionPart.MORNING, t("00:30"), t("06:00")),
                new SiteCalendar.SessionTime(DayOfWeek.MONDAY, SessionPart.AFTERNOON, t("18:00"), t("23:00")));
        SiteCalendar c = new SiteCalendar(SITE, true, 0, 0, 60, 120, night, List.of(), List.of(), null);
        CalendarDay d = CalendarRules.day(c, HCM, Map.of(), true, LocalDate.of(2026, 6, 1));
        assertThat(d.sessions().get(0).punchFrom()).isEqualTo(LocalTime.MIDNIGHT);
        assertThat(d.sessions().get(1).punchUntil()).isEqualTo(t("23:59"));
        assertThat(d.sessions().get(0).lateAfter()).isEqualTo(t("00:30"));
    }

    @Test
    void defaultCalendarWorksMondayToFridayAndSaysWhetherTheScheduleIsConfirmed() {
        SiteCalendar c = SiteCalendar.defaults(SITE);
        List<DayType> week = new ArrayList<>();
        for (LocalDate d = LocalDate.of(2026, 6, 1); d.isBefore(LocalDate.of(2026, 6, 8)); d = d.plusDays(1)) {
            week.add(CalendarRules.day(c, HCM, Map.of(), false, d).type());
        }
        assertThat(week).containsExactly(DayType.WORKDAY, DayType.WORKDAY, DayType.WORKDAY, DayType.WORKDAY,
                DayType.WORKDAY, DayType.REST_DAY, DayType.REST_DAY);
        assertThat(CalendarRules.day(c, HCM, Map.of(), false, LocalDate.of(2026, 6, 1)).scheduleConfirmed()).isFalse();
        assertThat(day(c, LocalDate.of(2026, 6, 1)).scheduleConfirmed()).isTrue();
        assertThat(day(c, LocalDate.of(2026, 6, 1)).season()).isNull();
        assertThat(day(NORTH, LocalDate.of(2026, 12, 1)).season()).isEqualTo("Giờ mùa đông");
    }

    @Test
    void aSiteThatDoesNotOpenOnMondaysSwapsInItsFirstWorkingWeekday() {
        List<SiteCalendar.SessionTime> week = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY)) {
            week.add(new SiteCalendar.SessionTime(d, SessionPart.MORNING, t("08:00"), t("11:00")));
        }
        SiteCalendar c = new SiteCalendar(SITE, true, 0, 0, 0, 0, week, List.of(), List.of(), null);
        CalendarDay swap = CalendarRules.day(c, HCM, CalendarRules.effective(SCHEDULE, OTHER_SITE), true,
                LocalDate.of(2026, 3, 14));
        assertThat(swap.type()).isEqualTo(DayType.SWAPPED_WORKING_DAY);
        assertThat(times(swap)).isEqualTo("08:00-11:00");
        assertThat(CalendarRules.day(c, HCM, Map.of(), true, LocalDate.of(2026, 3, 9)).type()).isEqualTo(DayType.REST_DAY);
    }

    private static CalendarDay day(SiteCalendar calendar, LocalDate date) {
        return CalendarRules.day(calendar, HCM, CalendarRules.effective(SCHEDULE, calendar.siteId()), true, date);
    }

    private static String times(CalendarDay day) {
        return String.join(" ", day.sessions().stream().map(s -> s.start() + "-" + s.end()).toList());
    }

    private static Arguments row(String date, DayType type, String name, String sessions) {
        return Arguments.of(LocalDate.parse(date), type, name, sessions);
    }

    static List<SiteCalendar.SessionTime> week(String morningStart, String morningEnd, String afternoonStart,
                                               String afternoonEnd) {
        List<SiteCalendar.SessionTime> out = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            out.add(new SiteCalendar.SessionTime(d, SessionPart.MORNING, t(morningStart), t(morningEnd)));
            out.add(new SiteCalendar.SessionTime(d, SessionPart.AFTERNOON, t(afternoonStart), t(afternoonEnd)));
        }
        return out;
    }

    private static Holiday off(String date, Long siteId, String name) {
        return entry(date, siteId, HolidayKind.DAY_OFF, name);
    }

    private static Holiday work(String date, Long siteId, String name) {
        return entry(date, siteId, HolidayKind.WORKING_DAY, name);
    }

    private static Holiday entry(String date, Long siteId, HolidayKind kind, String name) {
        return new Holiday(1L, LocalDate.parse(date), siteId, kind, name, null, null, null, null, null, null);
    }

    private static Holiday withdrawn(Holiday h) {
        return new Holiday(h.id(), h.date(), h.siteId(), h.kind(), h.name(), h.suggestion(), null, null, null,
                java.time.Instant.parse("2026-01-10T02:00:00Z"), "Chính phủ không cho nghỉ thêm");
    }

    private static LocalTime t(String time) {
        return LocalTime.parse(time);
    }
}
