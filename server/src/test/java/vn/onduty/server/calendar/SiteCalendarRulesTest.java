package vn.onduty.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules a site calendar must keep before it is stored, each problem naming its field. */
class SiteCalendarRulesTest {

    @Test
    void acceptsTheDefaultWeekWithAWinterSeasonAndDutySaturdays() {
        SiteCalendarInput in = input(week("07:30", "11:30", "13:30", "17:00"),
                List.of(season("Giờ mùa đông", "10-16", "04-15"), season("Tháng Tết", "04-16", "04-20")),
                List.of(duty("2026-03-07"), duty("2026-03-14")));
        assertThat(SiteCalendarRules.check(in)).isEmpty();
        SiteCalendar c = SiteCalendarRules.toCalendar(3, in);
        assertThat(c.configured()).isTrue();
        assertThat(c.sessions()).hasSize(10);
        assertThat(c.seasons()).extracting(SiteCalendar.Season::name).containsExactly("Giờ mùa đông", "Tháng Tết");
    }

    /**
     * Decision 188/1999/QĐ-TTg, Art. 1: officials work 8 hours a day, 40 a week. Each row: the weekday's morning
     * and afternoon sessions, and the hours the page warns about ("" when the day is 8 hours).
     */
    @ParameterizedTest(name = "[Decision 188/1999/QĐ-TTg, Art. 1] {0}-{1} and {2}-{3}: warns {4}")
    @CsvSource({
            "07:30, 11:30, 13:30, 17:30, ''",
            "07:30, 11:30, 13:30, 17:00, 7:30",
            "07:00, 11:30, 13:30, 17:00, ''",
            "08:00, 12:00, 13:00, 17:00, ''",
            "07:30, 11:30, 14:00, 17:30, 7:30",
            "07:00, 11:00, 13:00, 17:30, 8:30"})
    void warnsOfADayThatIsNotEightHours(String mStart, String mEnd, String aStart, String aEnd, String warned) {
        SiteCalendar c = SiteCalendarRules.toCalendar(3, input(week(mStart, mEnd, aStart, aEnd), List.of(), List.of()));
        List<String> warnings = SiteCalendarRules.notEightHours(c).stream().map(d -> d.weekday() + " " + d.hoursAndMinutes())
                .toList();
        assertThat(warnings).isEqualTo(warned.isEmpty() ? List.of() : List.of("MONDAY " + warned, "TUESDAY " + warned,
                "WEDNESDAY " + warned, "THURSDAY " + warned, "FRIDAY " + warned));
    }

    @Test
    void theDefaultDayIsEightHoursAndAShortWinterSeasonIsNamed() {
        assertThat(SiteCalendarRules.notEightHours(SiteCalendar.defaults(1))).isEmpty();
        List<SiteCalendarInput.Session> winter = new ArrayList<>(week("08:00", "12:00", "13:00", "16:30"));
        SiteCalendarInput in = new SiteCalendarInput(5, 5, 60, 120, week("07:30", "11:30", "13:30", "17:30"),
                List.of(new SiteCalendarInput.Season("Giờ mùa đông", "10-16", "04-15", winter)), List.of());
        assertThat(SiteCalendarRules.notEightHours(SiteCalendarRules.toCalendar(3, in)))
                .extracting(d -> d.season() + " " + d.weekday() + " " + d.hoursAndMinutes())
                .contains("Giờ mùa đông MONDAY 7:30", "Giờ mùa đông FRIDAY 7:30").hasSize(5);
    }

    @Test
    void findsEndsBeforeStartsAndAfternoonsBeforeMornings() {
        List<SiteCalendarInput.Session> week = new ArrayList<>();
        week.add(session(DayOfWeek.MONDAY, SessionPart.MORNING, "07:30", "07:30"));
        week.add(session(DayOfWeek.TUESDAY, SessionPart.MORNING, "07:30", "11:30"));
        week.add(session(DayOfWeek.TUESDAY, SessionPart.AFTERNOON, "11:00", "17:00"));
        week.add(session(DayOfWeek.TUESDAY, SessionPart.AFTERNOON, "13:30", "17:00"));
        assertThat(SiteCalendarRules.check(input(week, List.of(), List.of())))
                .extracting(CalendarProblem::field, CalendarProblem::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sessions[0].end", "endNotAfterStart"),
                        org.assertj.core.groups.Tuple.tuple("sessions[3]", "duplicateSession"),
                        org.assertj.core.groups.Tuple.tuple("sessions[2].start", "afternoonBeforeMorning"));
    }

    @ParameterizedTest(name = "{0}..{1} and {2}..{3} overlap: {4}")
    @CsvSource({
            "10-16, 04-15, 04-16, 10-15, false",
            "10-16, 04-15, 04-15, 10-15, true",
            "10-16, 04-15, 12-31, 12-31, true",
            "01-01, 02-28, 02-29, 03-31, false",
            "06-01, 08-31, 08-31, 09-15, true"})
    void findsSeasonsThatOverlapEvenAcrossTheNewYear(String from1, String to1, String from2, String to2, boolean overlap) {
        List<CalendarProblem> problems = SiteCalendarRules.check(input(week("07:30", "11:30", "13:30", "17:00"),
                List.of(season("Mùa A", from1, to1), season("Mùa B", from2, to2)), List.of()));
        if (overlap) {
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.field()).isEqualTo("seasons[1].from");
                assertThat(p.code()).isEqualTo("seasonsOverlap");
                assertThat(p.message()).contains("Mùa A");
            });
        } else {
            assertThat(problems).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"02-30", "13-01", "00-10", "04-31"})
    void refusesDaysOfTheYearThatDoNotExist(String day) {
        assertThat(SiteCalendarRules.check(input(List.of(), List.of(season("Mùa", day, "12-31")), List.of())))
                .extracting(CalendarProblem::field, CalendarProblem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("seasons[0].from", "notDayOfYear"));
    }

    @Test
    void refusesDutyDaysThatAreNotSaturdaysOrAreListedTwiceAndSeasonNamesUsedTwice() {
        List<CalendarProblem> problems = SiteCalendarRules.check(input(List.of(),
                List.of(season("Mùa đông", "11-01", "11-30"), season("mùa đông", "12-01", "12-31")),
                List.of(duty("2026-03-07"), duty("2026-03-08"), duty("2026-03-07"))));
        assertThat(problems).extracting(CalendarProblem::toString).containsExactly(
                "seasons[1].name is used by another season",
                "dutySaturdays[1].date is not a Saturday: 2026-03-08",
                "dutySaturdays[2].date is listed twice: 2026-03-07");
    }

    static SiteCalendarInput input(List<SiteCalendarInput.Session> week, List<SiteCalendarInput.Season> seasons,
                                   List<SiteCalendarInput.DutySaturday> duty) {
        return new SiteCalendarInput(5, 5, 60, 120, week, seasons, duty);
    }

    static List<SiteCalendarInput.Session> week(String ms, String me, String as, String ae) {
        List<SiteCalendarInput.Session> out = new ArrayList<>();
        for (DayOfWeek d : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
                DayOfWeek.FRIDAY)) {
            out.add(session(d, SessionPart.MORNING, ms, me));
            out.add(session(d, SessionPart.AFTERNOON, as, ae));
        }
        return out;
    }

    static SiteCalendarInput.Session session(DayOfWeek day, SessionPart part, String start, String end) {
        return new SiteCalendarInput.Session(day, part, LocalTime.parse(start), LocalTime.parse(end));
    }

    static SiteCalendarInput.Season season(String name, String from, String to) {
        return new SiteCalendarInput.Season(name, from, to, week("08:00", "12:00", "13:00", "17:00"));
    }

    static SiteCalendarInput.DutySaturday duty(String date) {
        return new SiteCalendarInput.DutySaturday(LocalDate.parse(date), null);
    }
}
