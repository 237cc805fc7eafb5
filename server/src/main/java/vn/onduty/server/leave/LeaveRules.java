package vn.onduty.server.leave;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.org.staff.PostCategory;

/**
 * The Vietnamese leave rules as plain calculations, so that each is tested at its boundaries without a database.
 *
 * <ul>
 *   <li>Annual leave (Labour Code 2019, Art. 113-114): 12 working days, 14 on heavy, hazardous or dangerous posts,
 *       16 on especially heavy ones; +1 day per full 5 years of service, counted on 1 January of the year; in the
 *       year service starts, pro rata by the months left (a month counts when service starts on or before its
 *       15th), rounded to whole days, .5 up (Decree 145/2020, Art. 66).</li>
 *   <li>Sick leave paid by social insurance: 30 days a year under 15 years of contribution, 40 from 15, 60 from 30
 *       (years of service stand for years of contribution, which OnDuty does not hold).</li>
 *   <li>Leave counts working days of the officer's home site, in half days: a request starting with the afternoon
 *       session or ending with the morning one counts half of that day.</li>
 *   <li>Balances are per calendar year: a request across 31 December charges each year the working days that fall
 *       in it (leave over the new year, 1 January itself a holiday).</li>
 * </ul>
 */
public final class LeaveRules {

    private LeaveRules() {}

    /** The annual leave base of an officer's post. */
    /** Annual leave base by post (Labour Code 2019, Art. 113(1)): 12, 14 or 16 working days. */
    public static int baseDays(PostCategory category) {
        return switch (category) {
            case NORMAL -> 12;
            case HEAVY -> 14;
            case VERY_HEAVY -> 16;
        };
    }

    /** An entitlement and how it was reached, as the ledger records it. */
    public record Entitlement(BigDecimal days, Map<String, Object> basis) {}

    public static Entitlement annual(PostCategory category, LocalDate serviceStart, int year) {
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("rule", "ANNUAL");
        basis.put("postCategory", category.name());
        basis.put("base", baseDays(category));
        basis.put("serviceStartDate", serviceStart == null ? null : serviceStart.toString());
        LocalDate firstOfYear = LocalDate.of(year, 1, 1);
        if (serviceStart != null && serviceStart.getYear() > year) {
            basis.put("months", 0);
            return new Entitlement(BigDecimal.ZERO, basis);
        }
        if (serviceStart != null && serviceStart.getYear() == year && serviceStart.isAfter(firstOfYear)) {
            int months = 12 - serviceStart.getMonthValue() + (serviceStart.getDayOfMonth() <= 15 ? 1 : 0);
            BigDecimal days = BigDecimal.valueOf(baseDays(category)).multiply(BigDecimal.valueOf(months))
                    .divide(BigDecimal.valueOf(12), 0, RoundingMode.HALF_UP);
            basis.put("months", months);
            basis.put("seniority", 0);
            return new Entitlement(days.setScale(1), basis);
        }
        int seniority = serviceStart == null ? 0 : fullYears(serviceStart, firstOfYear) / 5;
        basis.put("seniority", seniority);
        return new Entitlement(BigDecimal.valueOf(baseDays(category) + seniority).setScale(1), basis);
    }

    public static Entitlement sick(LocalDate serviceStart, int year) {
        int years = serviceStart == null ? 0 : Math.max(0, fullYears(serviceStart, LocalDate.of(year, 1, 1)));
        int days = years >= 30 ? 60 : years >= 15 ? 40 : 30;
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("rule", "SICK");
        basis.put("serviceYears", years);
        return new Entitlement(BigDecimal.valueOf(days).setScale(1), basis);
    }

    /** Full years from {@code start} to {@code at}: exactly 5 years on the anniversary, 4 the day before. */
    static int fullYears(LocalDate start, LocalDate at) {
        return at.isBefore(start) ? 0 : Period.between(start, at).getYears();
    }

    /**
     * The working days a request covers: each working day of the calendar counts 1, less half where the request
     * starts in the afternoon or ends in the morning of that day. {@code days} is the calendar from start to end.
     */
    public static BigDecimal workingDays(List<CalendarDay> days, LocalDate start, SessionPart startPart,
                                         LocalDate end, SessionPart endPart) {
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal half = new BigDecimal("0.5");
        for (CalendarDay d : days) {
            if (!d.working() || d.date().isBefore(start) || d.date().isAfter(end)) {
                continue;
            }
            BigDecimal day = BigDecimal.ONE;
            if (d.date().equals(start) && startPart == SessionPart.AFTERNOON) {
                day = day.subtract(half);
            }
            if (d.date().equals(end) && endPart == SessionPart.MORNING) {
                day = day.subtract(half);
            }
            total = total.add(day);
        }
        return total.setScale(1);
    }

    /** The working days of a request that fall in one calendar year: what that year's balance is charged. */
    public record YearDays(int year, BigDecimal days) {}

    /**
     * {@link #workingDays} split by calendar year, in year order; a year in which the request counts no working day
     * is left out (it is charged nothing). The parts add up to the whole request.
     */
    public static List<YearDays> workingDaysByYear(List<CalendarDay> days, LocalDate start, SessionPart startPart,
                                                   LocalDate end, SessionPart endPart) {
        List<YearDays> out = new ArrayList<>();
        for (int year = start.getYear(); year <= end.getYear(); year++) {
            LocalDate from = year == start.getYear() ? start : LocalDate.of(year, 1, 1);
            LocalDate to = year == end.getYear() ? end : LocalDate.of(year, 12, 31);
            BigDecimal n = workingDays(days, from, from.equals(start) ? startPart : SessionPart.MORNING,
                    to, to.equals(end) ? endPart : SessionPart.AFTERNOON);
            if (n.signum() > 0) {
                out.add(new YearDays(year, n));
            }
        }
        return out;
    }

    /** The half-day number of a session: the database refuses two live requests sharing one. */
    public static long slot(LocalDate date, SessionPart part) {
        return date.toEpochDay() * 2 + (part == SessionPart.AFTERNOON ? 1 : 0);
    }
}
