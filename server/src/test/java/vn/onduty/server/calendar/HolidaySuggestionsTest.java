package vn.onduty.server.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The suggested days off of a year, by the Labour Code's rules. */
class HolidaySuggestionsTest {

    @Test
    void suggests2026WithTetAcrossTheLunarYearEndAndACompensatoryDayForGioTo() {
        Map<LocalDate, String> days = byDate(HolidaySuggestions.forYear(2026, LunarCalendar.VIETNAM));
        assertThat(days).containsExactly(
                Map.entry(LocalDate.of(2026, 1, 1), "new_year"),
                // 29 Chạp Ất Tỵ to mùng 4 Bính Ngọ: the five days the government gave (16–20 Feb).
                Map.entry(LocalDate.of(2026, 2, 16), "tet_0"),
                Map.entry(LocalDate.of(2026, 2, 17), "tet_1"),
                Map.entry(LocalDate.of(2026, 2, 18), "tet_2"),
                Map.entry(LocalDate.of(2026, 2, 19), "tet_3"),
                Map.entry(LocalDate.of(2026, 2, 20), "tet_4"),
                Map.entry(LocalDate.of(2026, 4, 26), "hung_kings"),
                Map.entry(LocalDate.of(2026, 4, 27), "compensatory_hung_kings"),
                Map.entry(LocalDate.of(2026, 4, 30), "victory_day"),
                Map.entry(LocalDate.of(2026, 5, 1), "labour_day"),
                Map.entry(LocalDate.of(2026, 9, 1), "national_day_adjacent"),
                Map.entry(LocalDate.of(2026, 9, 2), "national_day"));
    }

    /**
     * 2027-2030, worked by hand from the Labour Code 2019: Art. 112(1) (1 Jan; Tết, the last day of the lunar year
     * and the first four of the new; 10/3 lunar; 30 Apr; 1 May; 2 Sep and the day next to it) and Art. 111(3) (a day
     * off on a Saturday or Sunday gives the next free working day off). Tết falls on 6 Feb 2027, 26 Jan 2028,
     * 13 Feb 2029 and 2 Feb 2030 by the Vietnamese lunar calendar (UTC+7: in 2030 the new moon is before midnight
     * in Hà Nội, so Tết is a day before the Chinese one). No official schedule for these years could be checked
     * here: they stay projections on the holiday page until an admin confirms the government's announcement.
     */
    @ParameterizedTest(name = "[Labour Code 2019 Art. 111(3), 112(1)] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            2027 | new_year 01-01, tet_0 02-05, tet_1 02-06, tet_2 02-07, tet_3 02-08, tet_4 02-09, compensatory_tet_1 02-10, compensatory_tet_2 02-11, hung_kings 04-16, victory_day 04-30, labour_day 05-01, compensatory_labour_day 05-03, national_day 09-02, national_day_adjacent 09-03
            2028 | new_year 01-01, compensatory_new_year 01-03, tet_0 01-25, tet_1 01-26, tet_2 01-27, tet_3 01-28, tet_4 01-29, compensatory_tet_4 01-31, hung_kings 04-04, victory_day 04-30, labour_day 05-01, compensatory_victory_day 05-02, national_day_adjacent 09-01, national_day 09-02, compensatory_national_day 09-04
            2029 | new_year 01-01, tet_0 02-12, tet_1 02-13, tet_2 02-14, tet_3 02-15, tet_4 02-16, hung_kings 04-23, victory_day 04-30, labour_day 05-01, national_day 09-02, national_day_adjacent 09-03, compensatory_national_day 09-04
            2030 | new_year 01-01, tet_0 02-01, tet_1 02-02, tet_2 02-03, tet_3 02-04, tet_4 02-05, compensatory_tet_1 02-06, compensatory_tet_2 02-07, hung_kings 04-12, victory_day 04-30, labour_day 05-01, national_day 09-02, national_day_adjacent 09-03
            """)
    void suggestsTheYears2027To2030ByTheLabourCode(int year, String expected) {
        Map<LocalDate, String> want = new TreeMap<>();
        for (String e : expected.split(",\\s*")) {
            String[] kv = e.strip().split(" ");
            want.put(LocalDate.parse(year + "-" + kv[1]), kv[0]);
        }
        assertThat(byDate(HolidaySuggestions.forYear(year, LunarCalendar.VIETNAM))).isEqualTo(want);
    }

    @Test
    void namesDaysAsVietnameseCalendarsDo() {
        List<Holiday> days = HolidaySuggestions.forYear(2026, LunarCalendar.VIETNAM);
        assertThat(days).extracting(Holiday::name).contains("Tết Dương lịch", "Tết Nguyên đán (29 tháng Chạp)",
                "Tết Nguyên đán (mùng 1 tháng Giêng)", "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
                "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)", "Quốc khánh (2/9)");
        assertThat(days).allSatisfy(d -> {
            assertThat(d.kind()).isEqualTo(HolidayKind.DAY_OFF);
            assertThat(d.siteId()).isNull();
            assertThat(d.id()).isNull();
        });
        assertThat(HolidaySuggestions.forYear(2024, LunarCalendar.VIETNAM)).extracting(Holiday::name)
                .contains("Tết Nguyên đán (30 tháng Chạp)");
    }

    /** The day next to 2 Sep as the government chose it in the years since the Labour Code 2019 gave two days. */
    @ParameterizedTest(name = "2 Sep {0}: also {1}")
    @CsvSource({"2021, 2021-09-03", "2022, 2022-09-01", "2023, 2023-09-01", "2024, 2024-09-03", "2025, 2025-09-01"})
    void picksTheDayNextToNationalDayThatMakesTheLongerBreak(int year, LocalDate adjacent) {
        assertThat(byDate(HolidaySuggestions.forYear(year, LunarCalendar.VIETNAM))).containsEntry(adjacent,
                "national_day_adjacent");
    }

    @Test
    void givesCompensatoryDaysOnTheNextFreeWorkingDay() {
        // 2022: 30 Apr a Saturday and 1 May a Sunday, so Monday 2 and Tuesday 3 May off, as published.
        assertThat(byDate(HolidaySuggestions.forYear(2022, LunarCalendar.VIETNAM)))
                .containsEntry(LocalDate.of(2022, 5, 2), "compensatory_victory_day")
                .containsEntry(LocalDate.of(2022, 5, 3), "compensatory_labour_day");
        // 2023: 1 Jan a Sunday; 2 Sep a Saturday, so 1 Sep (Friday) with it and Monday 4 Sep, as published.
        Map<LocalDate, String> y2023 = byDate(HolidaySuggestions.forYear(2023, LunarCalendar.VIETNAM));
        assertThat(y2023).containsEntry(LocalDate.of(2023, 1, 2), "compensatory_new_year")
                .containsEntry(LocalDate.of(2023, 9, 1), "national_day_adjacent")
                .containsEntry(LocalDate.of(2023, 9, 4), "compensatory_national_day");
        // Tết 2023 ran Saturday 21 – Wednesday 25 Jan: the weekend's two days move past the block.
        assertThat(y2023).containsEntry(LocalDate.of(2023, 1, 26), "compensatory_tet_0")
                .containsEntry(LocalDate.of(2023, 1, 27), "compensatory_tet_1");
    }

    @Test
    void eachSuggestionHasItsOwnKeyAndDate() {
        for (int year = 2020; year <= 2040; year++) {
            List<Holiday> days = HolidaySuggestions.forYear(year, LunarCalendar.VIETNAM);
            assertThat(days).extracting(Holiday::suggestion).doesNotHaveDuplicates();
            assertThat(days).extracting(Holiday::date).doesNotHaveDuplicates().isSorted()
                    .allMatch(d -> d.getYear() == days.get(0).date().getYear());
            assertThat(days.stream().filter(d -> !d.suggestion().startsWith("compensatory_")).count()).isEqualTo(11);
        }
    }

    private static Map<LocalDate, String> byDate(List<Holiday> days) {
        Map<LocalDate, String> out = new TreeMap<>();
        days.forEach(d -> out.put(d.date(), d.suggestion()));
        return out;
    }
}
