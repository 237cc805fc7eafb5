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
