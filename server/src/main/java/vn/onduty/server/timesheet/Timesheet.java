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
                        boolean locked, List<Lock> locks, Instant generatedAt, Form form, List<Unit> units) {

    public Timesheet {
        days = List.copyOf(days);
        rows = List.copyOf(rows);
        legend = List.copyOf(legend);
        locks = List.copyOf(locks);
        form = form == null ? Form.DEFAULT : form;
        units = units == null ? List.of() : List.copyOf(units);
    }

    /**
     * The header of the form as admins set it: its code ("C01a-HD"), the legal basis line, and the overtime sheet's
     * code. A sheet filed before these were settings reads as the default.
     */
    public record Form(String formCode, String legalBasis, String overtimeFormCode) {
        public static final Form DEFAULT = new Form("C01a-HD",
                "(Ban hành kèm theo Thông tư số 24/2024/TT-BTC ngày 17/4/2024 của Bộ trưởng Bộ Tài chính)", "C01b-HD");
    }

    /** The paying unit of a department's officers, printed under "Đơn vị", with its budget relation code (Mã QHNS). */
    public record Unit(long departmentId, String unitName, String budgetCode) {}

    /** The unit a department's rows are printed under: its own, or the department's name when none is set. */
    public Unit unit(long departmentId, String departmentName) {
        return units.stream().filter(u -> u.departmentId() == departmentId).findFirst()
                .orElse(new Unit(departmentId, departmentName, null));
    }

    /**
     * The sheet as the units file it: one sheet per department (each paying unit files its own officers), in the
     * order the rows come, numbered from 1 with their own totals; a department's sheet is itself.
     */
    public List<Timesheet> byUnit() {
        if (departmentId != null) {
            return List.of(this);
        }
        java.util.Map<Long, List<Row>> groups = new java.util.LinkedHashMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(r.departmentId(), d -> new java.util.ArrayList<>()).add(r);
        }
        List<Timesheet> out = new java.util.ArrayList<>();
        groups.forEach((department, list) -> {
            List<Row> numbered = new java.util.ArrayList<>();
            for (Row r : list) {
                numbered.add(r.renumbered(numbered.size() + 1));
            }
            out.add(new Timesheet(month, siteId, siteName, department, list.get(0).departmentName(), days, numbered,
                    TimesheetBuilder.totals(numbered), legend, provisional, locked, locks, generatedAt, form, units));
        });
        return out;
    }

    public YearMonth yearMonth() {
        return YearMonth.parse(month);
    }

    /**
     * A column: the date, its weekday as Vietnamese forms write it (T2..T7, CN), what the day is, and
     * whether the site is closed (weekend, holiday), which the sheet shades.
     */
    public record Day(LocalDate date, int day, String weekday, DayType type, boolean closed, String name) {}

    /**
     * One officer. {@code cells} has one entry per day of the month; an empty string is an empty cell. {@code grade}
     * is what the form's column "Ngạch, bậc lương hoặc cấp bậc chức vụ" prints: the grade and its code, else the
     * position.
     */
    public record Row(int no, long staffId, String code, String fullName, String position, long departmentId,
                      String departmentName, List<String> cells, BigDecimal paidDays, BigDecimal unpaidDays,
                      BigDecimal insuranceDays, String grade) {
        public Row {
            cells = List.copyOf(cells);
        }

        Row renumbered(int number) {
            return new Row(number, staffId, code, fullName, position, departmentId, departmentName, cells, paidDays,
                    unpaidDays, insuranceDays, grade);
        }

        /** The grade column, for sheets filed before the grade was kept: the position. */
        public String gradeOrPosition() {
            return grade != null ? grade : position;
        }
    }

    public record Totals(BigDecimal paidDays, BigDecimal unpaidDays, BigDecimal insuranceDays) {}

    public record LegendEntry(String code, String symbol, String labelVi, String labelEn,
                              TimesheetSymbol.CountsAs countsAs) {}

    /** A lock in force over (part of) this sheet; departmentId null means the whole site. */
    public record Lock(long id, Long departmentId, Instant lockedAt, String lockedBy) {}
}
