package vn.onduty.server.timesheet;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import vn.onduty.server.calendar.CalendarDay.DayType;

/**
 * A month's timesheet (bảng chấm công, form C01a-HD) of a site or of one department at a site, exactly as the
 * XLSX and the print view show it: one row per officer, one cell per day holding the legend symbols (a half
 * day shows both sessions, morning first: {@code +/P}), and the three totals in days.
 *
 * @param provisional true while the month is not over or the year's holiday schedule is not confirmed
 * @param locked true when the whole sheet is a filed (locked) one; {@code locks} says which parts are
 */
public record Timesheet(String month, long siteId, String siteName, Long departmentId, String departmentName,
                        List<Day> days, List<Row> rows, Totals totals, List<LegendEntry> legend, boolean provisional,
                        boolean locked, List<Lock> locks, Instant generatedAt) {

    public Timesheet {
        days = List.copyOf(days);
        rows = List.copyOf(rows);
        legend = List.copyOf(legend);
        locks = List.copyOf(locks);
    }

    public YearMonth yearMonth() {
        return YearMonth.parse(month);
    }

    /**
     * A column: the date, its weekday as Vietnamese forms write it (T2..T7, CN), what the day is, and
     * whether the site is closed (weekend, holiday), which the sheet shades.
     */
    public record Day(LocalDate date, int day, String weekday, DayType type, boolean closed, String name) {}

    /** One officer. {@code cells} has one entry per day of the month; an empty string is an empty cell. */
    public record Row(int no, long staffId, String code, String fullName, String position, long departmentId,
                      String departmentName, List<String> cells, BigDecimal paidDays, BigDecimal unpaidDays,
                      BigDecimal insuranceDays) {
        public Row {
            cells = List.copyOf(cells);
        }

        Row renumbered(int number) {
            return new Row(number, staffId, code, fullName, position, departmentId, departmentName, cells, paidDays,
                    unpaidDays, insuranceDays);
        }
    }

    public record Totals(BigDecimal paidDays, BigDecimal unpaidDays, BigDecimal insuranceDays) {}

    public record LegendEntry(String code, String symbol, String labelVi, String labelEn,
                              TimesheetSymbol.CountsAs countsAs) {}

    /** A lock in force over (part of) this sheet; departmentId null means the whole site. */
    public record Lock(long id, Long departmentId, Instant lockedAt, String lockedBy) {}
}
