package vn.onduty.server.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The days off of a year as the Labour Code (2019, Art. 112) fixes them, for an admin to start the
 * year's schedule from: 1 Jan; Tết, five days (the last day of the lunar year and the first four of
 * the new one); Hùng Kings' day (10/3 lunar); 30 Apr; 1 May; 2 Sep and one day next to it. A day off
 * that falls on a Saturday or Sunday gives a compensatory day (nghỉ bù) on the next working day
 * (Art. 111(3)). The government's published schedule often differs (longer Tết, swapped Saturdays):
 * these are suggestions, and the admin edits them into the official schedule.
 */
public final class HolidaySuggestions {

    private static final String[] TET_DAY = {"mùng 1", "mùng 2", "mùng 3", "mùng 4"};

    private HolidaySuggestions() {}

    /** The suggested days of a solar year, in date order, each with a stable key (e.g. {@code tet_2}). */
    public static List<Holiday> forYear(int year, LunarCalendar lunar) {
        List<Holiday> days = new ArrayList<>();
        days.add(Holiday.suggested(LocalDate.of(year, 1, 1), "Tết Dương lịch", "new_year"));

        LocalDate tet = lunar.newYear(year);
        LocalDate lastDay = tet.minusDays(1);
        days.add(Holiday.suggested(lastDay, "Tết Nguyên đán (" + lunar.toLunar(lastDay).day() + " tháng Chạp)", "tet_0"));
        for (int i = 0; i < 4; i++) {
            days.add(Holiday.suggested(tet.plusDays(i), "Tết Nguyên đán (" + TET_DAY[i] + " tháng Giêng)", "tet_" + (i + 1)));
        }
        days.add(Holiday.suggested(lunar.toSolar(LunarDate.of(year, 3, 10)), "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
                "hung_kings"));
        days.add(Holiday.suggested(LocalDate.of(year, 4, 30), "Ngày Chiến thắng (30/4)", "victory_day"));
        days.add(Holiday.suggested(LocalDate.of(year, 5, 1), "Ngày Quốc tế Lao động (1/5)", "labour_day"));
        LocalDate nationalDay = LocalDate.of(year, 9, 2);
        days.add(Holiday.suggested(nationalDay, "Quốc khánh (2/9)", "national_day"));
        days.add(Holiday.suggested(adjacentToNationalDay(nationalDay), "Quốc khánh (ngày liền kề)", "national_day_adjacent"));
        days.sort(Comparator.comparing(Holiday::date));
        return withCompensatoryDays(days);
    }

    /**
     * 1 or 3 September, whichever makes the longer break: a weekday rather than a weekend day, and
     * of two weekdays the one that touches a weekend (Monday 1 Sep, Friday 3 Sep); else 1 Sep.
     */
    static LocalDate adjacentToNationalDay(LocalDate nationalDay) {
        LocalDate before = nationalDay.minusDays(1);
        LocalDate after = nationalDay.plusDays(1);
        return score(after, after.plusDays(1)) > score(before, before.minusDays(1)) ? after : before;
    }

    private static int score(LocalDate candidate, LocalDate otherNeighbour) {
        if (weekend(candidate)) {
            return 0;
        }
        return weekend(otherNeighbour) ? 2 : 1;
    }

    private static List<Holiday> withCompensatoryDays(List<Holiday> days) {
        Set<LocalDate> taken = new HashSet<>();
        days.forEach(d -> taken.add(d.date()));
        List<Holiday> out = new ArrayList<>(days);
        for (Holiday d : days) {
            if (!weekend(d.date())) {
                continue;
            }
            LocalDate c = d.date().plusDays(1);
            while (weekend(c) || taken.contains(c)) {
                c = c.plusDays(1);
            }
            taken.add(c);
            out.add(Holiday.suggested(c, "Nghỉ bù " + d.name(), "compensatory_" + d.suggestion()));
        }
        out.sort(Comparator.comparing(Holiday::date));
        return List.copyOf(out);
    }

    private static boolean weekend(LocalDate d) {
        return d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
    }
}
