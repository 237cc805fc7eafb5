package vn.onduty.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lunar calendar against published dates, and against the Chinese calendar where the two part ways. */
class LunarCalendarTest {

    static final LunarCalendar VN = LunarCalendar.VIETNAM;
    static final LunarCalendar CN = LunarCalendar.atUtcOffsetHours(8);

    /**
     * Tết (1/1 lunar) and Hùng Kings' day (10/3 lunar) as published in Vietnam. 2030 is the one year of
     * the decade where the calendars differ: the new moon is at 16:08 UT on 2 Feb 2030, which is 23:08
     * on 2 Feb at UTC+7 but 00:08 on 3 Feb at UTC+8, so Tết Canh Tuất is Saturday 2 Feb in Vietnam and
     * 3 Feb (the date often quoted, from Chinese calendars) in China.
     */
    @ParameterizedTest(name = "{0}: Tết {1}, Giỗ Tổ {2}")
    @CsvSource({
            "2020, 2020-01-25, 2020-04-02",
            "2021, 2021-02-12, 2021-04-21",
            "2022, 2022-02-01, 2022-04-10",
            "2023, 2023-01-22, 2023-04-29",
            "2024, 2024-02-10, 2024-04-18",
            "2025, 2025-01-29, 2025-04-07",
            "2026, 2026-02-17, 2026-04-26",
            "2027, 2027-02-06, 2027-04-16",
            "2028, 2028-01-26, 2028-04-04",
            "2029, 2029-02-13, 2029-04-23",
            "2030, 2030-02-02, 2030-04-12"})
    void findsTetAndHungKingsDay(int year, LocalDate tet, LocalDate hungKings) {
        assertThat(VN.newYear(year)).isEqualTo(tet);
        assertThat(VN.toSolar(LunarDate.of(year, 3, 10))).isEqualTo(hungKings);
        assertThat(VN.toLunar(tet)).isEqualTo(LunarDate.of(year, 1, 1));
        assertThat(VN.toLunar(hungKings)).isEqualTo(LunarDate.of(year, 3, 10));
    }

    @ParameterizedTest(name = "Tết {0}: {1} in Vietnam, {2} in China")
    @CsvSource({
            "1968, 1968-01-29, 1968-01-30",
            "1985, 1985-01-21, 1985-02-20",
            "2007, 2007-02-17, 2007-02-18",
            "2030, 2030-02-02, 2030-02-03"})
    void differsFromTheChineseCalendarWhereTheNewMoonIsNearMidnight(int year, LocalDate vietnam, LocalDate china) {
        assertThat(VN.newYear(year)).isEqualTo(vietnam);
        assertThat(CN.newYear(year)).isEqualTo(china);
    }

    @ParameterizedTest(name = "lunar {0} repeats month {1}")
    @CsvSource({"2017, 6", "2020, 4", "2021, 0", "2023, 2", "2025, 6", "2026, 0", "2028, 5", "2033, 11"})
    void knowsWhichMonthIsRepeated(int year, int leapMonth) {
        assertThat(VN.leapMonth(year)).isEqualTo(leapMonth);
    }

    @Test
    void convertsDaysOfLeapMonthsAndYearEnds() {
        assertThat(VN.toLunar(LocalDate.of(2020, 5, 23))).isEqualTo(new LunarDate(2020, 4, 1, true));
        assertThat(VN.toLunar(LocalDate.of(2020, 5, 22))).isEqualTo(new LunarDate(2020, 4, 30, false));
        assertThat(VN.toSolar(new LunarDate(2020, 4, 15, true))).isEqualTo(LocalDate.of(2020, 6, 6));
        // The last day of the lunar year: 29 Chạp before Tết 2026, 30 Chạp before Tết 2024.
        assertThat(VN.toLunar(LocalDate.of(2026, 2, 16))).isEqualTo(LunarDate.of(2025, 12, 29));
        assertThat(VN.toLunar(LocalDate.of(2024, 2, 9))).isEqualTo(LunarDate.of(2023, 12, 30));
        // Lunar months 11 and 12 of a year end in the next solar year.
        assertThat(VN.toSolar(LunarDate.of(2024, 12, 1))).isEqualTo(LocalDate.of(2024, 12, 31));
    }

    @Test
    void everyDayRoundTripsAndLunarDaysFollowEachOther() {
        LunarDate previous = VN.toLunar(LocalDate.of(1999, 12, 31));
        for (LocalDate d = LocalDate.of(2000, 1, 1); d.getYear() <= 2050; d = d.plusDays(1)) {
            LunarDate l = VN.toLunar(d);
            if (VN.toSolar(l).compareTo(d) != 0) {
                throw new AssertionError(d + " -> " + l + " -> " + VN.toSolar(l));
            }
            boolean nextDay = l.day() == previous.day() + 1 && l.month() == previous.month();
            boolean newMonth = l.day() == 1 && previous.day() >= 29;
            if (!nextDay && !newMonth) {
                throw new AssertionError(d + " is " + l + " after " + previous);
            }
            previous = l;
        }
    }

    @Test
    void refusesLunarDatesThatDoNotExist() {
        assertThatThrownBy(() -> VN.toSolar(new LunarDate(2026, 4, 1, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no leap month 4");
        assertThatThrownBy(() -> VN.toSolar(new LunarDate(2020, 5, 1, true)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no leap month 5");
        assertThatThrownBy(() -> VN.toSolar(LunarDate.of(2025, 12, 30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no day 30");
        assertThatThrownBy(() -> VN.toLunar(LocalDate.of(2200, 1, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1900..2199");
        assertThatThrownBy(() -> LunarDate.of(2026, 13, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
