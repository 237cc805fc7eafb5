package vn.onduty.server.timesheet;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.calendar.CalendarDay;

/**
 * The overtime sheet filed beside the monthly timesheet (bảng chấm công làm thêm giờ, form C01b-HD): one row per
 * officer who worked outside the working week, the hours of each day, and the hours added up by kind of day (a
 * working day, a Saturday or Sunday, a holiday, at night), which are paid at different rates (Labour Code 2019,
 * Art. 98). OnDuty records as overtime the duty Saturdays worked; each counts the hours of its session. A site that
 * repays duty with days off instead shows, per officer, the compensatory days (nghỉ bù) owed.
 */
public record OvertimeSheet(String month, long siteId, String siteName, Long departmentId, String departmentName,
                            String formCode, Repaid repaid, List<Timesheet.Day> days, List<Line> rows,
                            BigDecimal restDayHours, BigDecimal holidayHours, BigDecimal daysOff) {

    /** How the site repays the duty: paid at the overtime rate, or with compensatory days off (nghỉ bù, NB). */
    public enum Repaid { OVERTIME, DAY_OFF }

    /**
     * One officer: {@code cells} holds the hours of each day of the month ("" for none); {@code daysOff} the days off
     * owed where the site repays duty with them (the hours over an 8-hour day, to the half day), else 0.
     */
    public record Line(int no, long staffId, String fullName, String grade, long departmentId, String departmentName,
                       List<String> cells, BigDecimal workdayHours, BigDecimal restDayHours, BigDecimal holidayHours,
                       BigDecimal nightHours, BigDecimal daysOff) {}

    /** Builds the sheet from the month's calendar, its officers (in the timesheet's order) and their duty sessions. */
    static OvertimeSheet of(Timesheet sheet, List<CalendarDay> calendar, List<TimesheetDao.DutySession> duty,
                            Repaid repaid) {
        YearMonth month = sheet.yearMonth();
        Map<Long, BigDecimal[]> hours = new HashMap<>();
        for (TimesheetDao.DutySession d : duty) {
            if (!YearMonth.from(d.date()).equals(month) || d.startsAt() == null || d.endsAt() == null) {
                continue;
            }
            BigDecimal h = BigDecimal.valueOf(Duration.between(d.startsAt(), d.endsAt()).toMinutes())
                    .divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP);
            BigDecimal[] days = hours.computeIfAbsent(d.staffId(), id -> new BigDecimal[month.lengthOfMonth()]);
            int i = d.date().getDayOfMonth() - 1;
            days[i] = days[i] == null ? h : days[i].add(h);
        }
        List<Line> rows = new ArrayList<>();
        BigDecimal restTotal = BigDecimal.ZERO;
        BigDecimal holidayTotal = BigDecimal.ZERO;
        BigDecimal daysOffTotal = BigDecimal.ZERO;
        Map<Long, Timesheet.Row> byStaff = new LinkedHashMap<>();
        sheet.rows().forEach(r -> byStaff.put(r.staffId(), r));
        for (Timesheet.Row r : byStaff.values()) {
            BigDecimal[] days = hours.get(r.staffId());
            if (days == null) {
                continue;
            }
            List<String> cells = new ArrayList<>();
            BigDecimal rest = BigDecimal.ZERO;
            BigDecimal holiday = BigDecimal.ZERO;
            BigDecimal workday = BigDecimal.ZERO;
            for (int i = 0; i < days.length; i++) {
                cells.add(days[i] == null ? "" : days[i].stripTrailingZeros().toPlainString());
                if (days[i] == null) {
                    continue;
                }
                CalendarDay day = calendar.get(i);
                if (day.holiday()) {
                    holiday = holiday.add(days[i]);
                } else if (day.working()) {
                    workday = workday.add(days[i]);
                } else {
                    rest = rest.add(days[i]);
                }
            }
            restTotal = restTotal.add(rest);
            holidayTotal = holidayTotal.add(holiday);
            BigDecimal off = repaid == Repaid.DAY_OFF ? halfDays(workday.add(rest).add(holiday)) : BigDecimal.ZERO.setScale(1);
            daysOffTotal = daysOffTotal.add(off);
            rows.add(new Line(rows.size() + 1, r.staffId(), r.fullName(), r.gradeOrPosition(), r.departmentId(),
                    r.departmentName(), cells, workday.setScale(1, RoundingMode.HALF_UP),
                    rest.setScale(1, RoundingMode.HALF_UP), holiday.setScale(1, RoundingMode.HALF_UP),
                    BigDecimal.ZERO.setScale(1), off));
        }
        return new OvertimeSheet(sheet.month(), sheet.siteId(), sheet.siteName(), sheet.departmentId(),
                sheet.departmentName(), sheet.form().overtimeFormCode(), repaid, sheet.days(), rows,
                restTotal.setScale(1, RoundingMode.HALF_UP), holidayTotal.setScale(1, RoundingMode.HALF_UP),
                daysOffTotal.setScale(1, RoundingMode.HALF_UP));
    }

    /** Hours as days of an 8-hour working day (Decision 188/1999/QĐ-TTg), to the half day, halves rounded up. */
    static BigDecimal halfDays(BigDecimal hours) {
        return hours.multiply(BigDecimal.valueOf(2)).divide(BigDecimal.valueOf(8), 0, RoundingMode.CEILING)
                .divide(BigDecimal.valueOf(2), 1, RoundingMode.UNNECESSARY);
    }
}
