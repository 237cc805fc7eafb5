package vn.onduty.server.leave;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
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
 *       16 on especially heavy ones; +1 day per full 5 years of service, counted on 1 January of the year. In a
 *       year not worked whole (service starts or ends in it, or long unpaid or sick leave), pro rata by the months
 *       worked (Art. 113(2)): a month counts when the days worked in it, with paid leave, reach half its working
 *       days (Decree 145/2020/NĐ-CP, Art. 66(2)); unpaid leave beyond one month a year, sick leave beyond two and
 *       accident leave beyond six are not time worked (Decree 145/2020/NĐ-CP, Art. 65). Rounded to whole days,
 *       .5 up.</li>
 *   <li>Carry-over: leave may be combined over at most three years (Labour Code 2019, Art. 113(4)), so what is
 *       carried into a year holds no day older than the year before it.</li>
 *   <li>Sick leave paid by social insurance (Social Insurance Law 2014, Art. 26(1); kept by Law 41/2024/QH15): 30
 *       days a year under 15 years of contribution, 40 from 15, 60 from 30; 40, 50 and 70 on heavy, hazardous or
 *       dangerous posts or where the regional allowance coefficient is 0.7 or more (years of service stand for
 *       years of contribution, which OnDuty does not hold).</li>
 *   <li>Leave to care for a sick child (Social Insurance Law 2014, Art. 27; Law 41/2024/QH15): at most 20 working
 *       days a year for each child under 3, 15 for a child from 3 to under 7.</li>
 *   <li>Paternity leave (Social Insurance Law 2014, Art. 34(2); Law 41/2024/QH15, which allows it within 60 days of
 *       the birth instead of 30): 5 working days, 7 for a caesarean or a birth before 32 weeks, 10 for twins and 3
 *       more for each further child, 14 for twins or more born by caesarean.</li>
 *   <li>Leave counts working days of the officer's home site, in half days: a request starting with the afternoon
 *       session or ending with the morning one counts half of that day.</li>
 *   <li>Balances are per calendar year: a request across 31 December charges each year the working days that fall
 *       in it (leave over the new year, 1 January itself a holiday).</li>
 * </ul>
 */
public final class LeaveRules {

    private LeaveRules() {}

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

    /** The regional allowance coefficient from which sick leave is longer (Social Insurance Law 2014, Art. 26(1)(b)). */
    public static final BigDecimal HIGH_REGIONAL_ALLOWANCE = new BigDecimal("0.7");

    /**
     * Sick leave paid by social insurance in a year: 30/40/60 days by years of contribution under 15, from 15, from
     * 30 (Social Insurance Law 2014, Art. 26(1)(a)); 40/50/70 on heavy, hazardous or dangerous posts, or where the
     * regional allowance coefficient is 0.7 or more (Art. 26(1)(b)). Law 41/2024/QH15 keeps these figures.
     */
    public static Entitlement sick(PostCategory category, BigDecimal regionalAllowance, LocalDate serviceStart, int year) {
        int years = serviceStart == null ? 0 : Math.max(0, fullYears(serviceStart, LocalDate.of(year, 1, 1)));
        boolean harder = category != PostCategory.NORMAL
                || (regionalAllowance != null && regionalAllowance.compareTo(HIGH_REGIONAL_ALLOWANCE) >= 0);
        int days = (years >= 30 ? 60 : years >= 15 ? 40 : 30) + (harder ? 10 : 0);
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("rule", "SICK");
        basis.put("serviceYears", years);
        basis.put("postCategory", category.name());
        basis.put("regionalAllowance", regionalAllowance);
        basis.put("heavyOrHighAllowance", harder);
        return new Entitlement(BigDecimal.valueOf(days).setScale(1), basis);
    }

    /**
     * The most paternity leave one birth gives (Social Insurance Law 2014, Art. 34(2); Law 41/2024/QH15): 5 working
     * days; 7 when the child is born by caesarean or before 32 weeks; 10 for twins and 3 more for each child beyond
     * two; 14 for twins or more born by caesarean (the law names no more for triplets by caesarean).
     */
    public static int paternityDays(int children, boolean surgery) {
        if (children < 1) {
            throw new IllegalArgumentException("children must be at least 1, got " + children);
        }
        if (children == 1) {
            return surgery ? 7 : 5;
        }
        return surgery ? 14 : 10 + 3 * (children - 2);
    }

    /**
     * The most leave a year to care for one sick child, by the child's age on the first day of the leave (Social
     * Insurance Law 2014, Art. 27(1); Law 41/2024/QH15): 20 working days under 3 years, 15 from 3 to under 7, none
     * from 7 (the benefit ends at 7).
     */
    public static int childSickDays(LocalDate childBirthDate, LocalDate on) {
        int age = fullYears(childBirthDate, on);
        return age < 3 ? 20 : age < 7 ? 15 : 0;
    }

    /**
     * One month of an officer's year as the annual leave proration reads it (Decree 145/2020/NĐ-CP, Art. 65-66).
     *
     * @param workingDays the month's working days on the officer's calendar
     * @param inService of those, the days within service (from the start date, to the end of service)
     * @param unpaid working days on approved unpaid leave
     * @param sick working days on approved sick leave (own or a child's: the sickness regime)
     * @param accident working days on approved accident leave
     */
    public record MonthWork(YearMonth month, int workingDays, int inService, BigDecimal unpaid, BigDecimal sick,
                            BigDecimal accident) {}

    /** Leave that counts as time worked towards annual leave only up to a limit a year (Decree 145/2020, Art. 65). */
    public enum Absence { UNPAID, SICK, ACCIDENT }

    /**
     * The twelve months of a year as {@link #monthsWorked} reads them, from the officer's calendar of the year (every
     * date of it), the service dates, and the working days of approved leave that counts only up to a limit.
     */
    public static List<MonthWork> months(List<CalendarDay> year, LocalDate serviceStart, LocalDate serviceEnd,
                                         Map<LocalDate, Map<Absence, BigDecimal>> absences) {
        Map<YearMonth, int[]> days = new LinkedHashMap<>();
        Map<YearMonth, BigDecimal[]> off = new LinkedHashMap<>();
        for (CalendarDay d : year) {
            YearMonth m = YearMonth.from(d.date());
            int[] counts = days.computeIfAbsent(m, k -> new int[2]);
            BigDecimal[] leave = off.computeIfAbsent(m, k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
            if (!d.working()) {
                continue;
            }
            counts[0]++;
            boolean serving = (serviceStart == null || !d.date().isBefore(serviceStart))
                    && (serviceEnd == null || !d.date().isAfter(serviceEnd));
            if (!serving) {
                continue;
            }
            counts[1]++;
            absences.getOrDefault(d.date(), Map.of()).forEach((kind, n) -> leave[kind.ordinal()] = leave[kind.ordinal()].add(n));
        }
        List<MonthWork> out = new ArrayList<>();
        days.forEach((m, c) -> {
            BigDecimal[] l = off.get(m);
            out.add(new MonthWork(m, c[0], c[1], l[0], l[1], l[2]));
        });
        return out;
    }

    /**
     * Which months of a year count towards annual leave. Unpaid leave up to one month in the year, sick leave up to
     * two and accident leave up to six count as time worked (Decree 145/2020/NĐ-CP, Art. 65); what goes beyond is
     * taken off the month it falls in, in date order. A month then counts when what is left reaches half its working
     * days (Art. 66(2)). "A month" of leave is a twelfth of the year's working days: a reading, since the Decree does
     * not say how to count it in days.
     */
    public static List<YearMonth> monthsWorked(List<MonthWork> months) {
        BigDecimal year = BigDecimal.ZERO;
        for (MonthWork m : months) {
            year = year.add(BigDecimal.valueOf(m.workingDays()));
        }
        BigDecimal oneMonth = year.divide(BigDecimal.valueOf(12), 1, RoundingMode.HALF_UP);
        BigDecimal[] left = {oneMonth, oneMonth.multiply(BigDecimal.valueOf(2)), oneMonth.multiply(BigDecimal.valueOf(6))};
        List<YearMonth> out = new ArrayList<>();
        for (MonthWork m : months) {
            BigDecimal worked = BigDecimal.valueOf(m.inService());
            BigDecimal[] taken = {m.unpaid(), m.sick(), m.accident()};
            for (int i = 0; i < 3; i++) {
                BigDecimal forgiven = taken[i].min(left[i]);
                left[i] = left[i].subtract(forgiven);
                worked = worked.subtract(taken[i].subtract(forgiven));
            }
            if (m.workingDays() > 0
                    && worked.multiply(BigDecimal.valueOf(2)).compareTo(BigDecimal.valueOf(m.workingDays())) >= 0) {
                out.add(m.month());
            }
        }
        return out;
    }

    /**
     * Annual leave of a year from the months worked in it: (base + seniority) × months / 12 (Labour Code 2019,
     * Art. 113(2); Decree 145/2020/NĐ-CP, Art. 66(1)), rounded to whole days, .5 up. Seniority (+1 per full 5 years,
     * Art. 114) is counted on 1 January and only once service has begun before the year.
     */
    public static Entitlement annual(PostCategory category, LocalDate serviceStart, LocalDate serviceEnd, int year,
                                     List<MonthWork> months) {
        Map<String, Object> basis = new LinkedHashMap<>();
        basis.put("rule", "ANNUAL");
        basis.put("postCategory", category.name());
        basis.put("base", baseDays(category));
        basis.put("serviceStartDate", serviceStart == null ? null : serviceStart.toString());
        basis.put("endOfServiceDate", serviceEnd == null ? null : serviceEnd.toString());
        LocalDate firstOfYear = LocalDate.of(year, 1, 1);
        int seniority = serviceStart == null || serviceStart.isAfter(firstOfYear) ? 0 : fullYears(serviceStart, firstOfYear) / 5;
        List<YearMonth> worked = monthsWorked(months);
        basis.put("seniority", seniority);
        basis.put("months", worked.size());
        basis.put("monthsWorked", worked.stream().map(YearMonth::getMonthValue).toList());
        BigDecimal days = BigDecimal.valueOf(baseDays(category) + seniority).multiply(BigDecimal.valueOf(worked.size()))
                .divide(BigDecimal.valueOf(12), 0, RoundingMode.HALF_UP);
        return new Entitlement(days.setScale(1), basis);
    }

    /** Days carried into a year, by the year they were earned in. */
    public record CarryOver(BigDecimal days, Map<Integer, BigDecimal> byOrigin, BigDecimal dropped) {}

    /**
     * What of a year's remaining annual leave may be carried into the next. Days are used oldest first, so what is
     * left is the year's own days first, then those carried in, newest first. Leave may be combined over at most three
     * years (Labour Code 2019, Art. 113(4)): days earned before the year before {@code fromYear} cannot reach the year
     * after it, and are dropped. Then at most {@code maxDays}, keeping the newest.
     *
     * @param own the year's own days (allocation and adjustments)
     * @param carriedIn the days carried into {@code fromYear}, by the year they were earned in
     */
    public static CarryOver carryOver(int fromYear, BigDecimal remaining, BigDecimal own,
                                      Map<Integer, BigDecimal> carriedIn, BigDecimal maxDays) {
        Map<Integer, BigDecimal> sources = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        sources.put(fromYear, own.max(BigDecimal.ZERO));
        carriedIn.forEach((y, d) -> sources.merge(y, d, BigDecimal::add));
        BigDecimal left = remaining.max(BigDecimal.ZERO);
        BigDecimal room = maxDays;
        BigDecimal dropped = BigDecimal.ZERO;
        Map<Integer, BigDecimal> out = new java.util.TreeMap<>();
        for (Map.Entry<Integer, BigDecimal> e : sources.entrySet()) {
            BigDecimal here = left.min(e.getValue());
            left = left.subtract(here);
            if (here.signum() <= 0) {
                continue;
            }
            if (e.getKey() < fromYear - 1) {
                dropped = dropped.add(here);
                continue;
            }
            BigDecimal kept = here.min(room);
            room = room.subtract(kept);
            if (kept.signum() > 0) {
                out.put(e.getKey(), kept.setScale(1));
            }
        }
        BigDecimal total = out.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add).setScale(1);
        return new CarryOver(total, out, dropped.setScale(1));
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

    /**
     * The days of a request of a type counted in calendar days (maternity: Social Insurance Law 2014, Art. 34(1)),
     * split by year: every date counts, holidays and weekends too, less half where it starts in the afternoon or ends
     * in the morning.
     */
    public static List<YearDays> calendarDaysByYear(LocalDate start, SessionPart startPart, LocalDate end,
                                                    SessionPart endPart) {
        List<YearDays> out = new ArrayList<>();
        BigDecimal half = new BigDecimal("0.5");
        for (int year = start.getYear(); year <= end.getYear(); year++) {
            LocalDate from = year == start.getYear() ? start : LocalDate.of(year, 1, 1);
            LocalDate to = year == end.getYear() ? end : LocalDate.of(year, 12, 31);
            BigDecimal n = BigDecimal.valueOf(java.time.temporal.ChronoUnit.DAYS.between(from, to) + 1);
            if (from.equals(start) && startPart == SessionPart.AFTERNOON) {
                n = n.subtract(half);
            }
            if (to.equals(end) && endPart == SessionPart.MORNING) {
                n = n.subtract(half);
            }
            if (n.signum() > 0) {
                out.add(new YearDays(year, n.setScale(1)));
            }
        }
        return out;
    }

    /** The half-day number of a session: the database refuses two live requests sharing one. */
    public static long slot(LocalDate date, SessionPart part) {
        return date.toEpochDay() * 2 + (part == SessionPart.AFTERNOON ? 1 : 0);
    }
}
