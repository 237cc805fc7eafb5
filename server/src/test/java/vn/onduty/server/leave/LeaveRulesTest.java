package vn.onduty.server.leave;

import static org.assertj.core.api.Assertions.assertThat;
import static vn.onduty.server.org.staff.PostCategory.HEAVY;
import static vn.onduty.server.org.staff.PostCategory.NORMAL;
import static vn.onduty.server.org.staff.PostCategory.VERY_HEAVY;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;

/** The entitlement, day-count and balance rules at their boundaries. */
class LeaveRulesTest {

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    /** A whole year Monday to Friday with no holidays: the calendar the annual leave cases are worked on. */
    static List<CalendarDay> plainYear(int year) {
        return week(year + "-01-01", year + "-12-31", Set.of(), Set.of());
    }

    /** Annual leave of a year for an officer with no long absence. */
    static BigDecimal annual(vn.onduty.server.org.staff.PostCategory c, String start, int year) {
        return annual(c, start, null, year, Map.of());
    }

    static BigDecimal annual(vn.onduty.server.org.staff.PostCategory c, String start, String end, int year,
                             Map<LocalDate, Map<LeaveRules.Absence, BigDecimal>> absences) {
        LocalDate s = start == null ? null : LocalDate.parse(start);
        LocalDate e = end == null ? null : LocalDate.parse(end);
        return LeaveRules.annual(c, s, e, year, LeaveRules.months(plainYear(year), s, e, absences)).days();
    }

    /** Every working day (Monday to Friday) from one date to another, as whole days of one kind of absence. */
    static Map<LocalDate, Map<LeaveRules.Absence, BigDecimal>> absent(LeaveRules.Absence kind, String from, String to) {
        Map<LocalDate, Map<LeaveRules.Absence, BigDecimal>> out = new java.util.HashMap<>();
        for (LocalDate x = LocalDate.parse(from); !x.isAfter(LocalDate.parse(to)); x = x.plusDays(1)) {
            if (x.getDayOfWeek().getValue() < 6) {
                out.put(x, Map.of(kind, BigDecimal.ONE));
            }
        }
        return out;
    }

    @Test
    void postCategoriesGiveTwelveFourteenAndSixteenDays() {
        assertThat(annual(NORMAL, "2024-01-01", 2026)).isEqualByComparingTo("12");
        assertThat(annual(HEAVY, "2024-01-01", 2026)).isEqualByComparingTo("14");
        assertThat(annual(VERY_HEAVY, "2024-01-01", 2026)).isEqualByComparingTo("16");
        assertThat(annual(NORMAL, null, 2026)).isEqualByComparingTo("12");
    }

    @Test
    void seniorityAddsADayOnlyOnceFiveFullYearsAreReachedByFirstJanuary() {
        // Exactly five years on 1 January 2026: +1.
        assertThat(annual(NORMAL, "2021-01-01", 2026)).isEqualByComparingTo("13");
        // One day short of five years on 1 January: not yet.
        assertThat(annual(NORMAL, "2021-01-02", 2026)).isEqualByComparingTo("12");
        assertThat(annual(NORMAL, "2021-01-02", 2027)).isEqualByComparingTo("13");
        // Ten full years: +2, on top of the post's base.
        assertThat(annual(HEAVY, "2016-01-01", 2026)).isEqualByComparingTo("16");
        assertThat(annual(NORMAL, "2011-06-30", 2026)).isEqualByComparingTo("14");
    }

    /**
     * Annual leave in a year not worked whole, each case worked by hand on a Monday-to-Friday 2026 (March: 22 working
     * days, half is 11; April 22; a year of 261 working days, so one month of leave is 21.8 days, two 43.6). Legal
     * basis: Labour Code 2019, Art. 113(2) (pro rata to the months worked); Decree 145/2020/NĐ-CP, Art. 66(1) (base
     * ÷ 12 × months, rounded .5 up) and Art. 66(2) (a month counts when the days worked reach half its working
     * days); Art. 65(4) (unpaid leave counts as time worked up to one month a year), 65(6) (sick leave up to two).
     */
    @ParameterizedTest(name = "[{0}] {1}: {7} days")
    @CsvSource(delimiter = '|', textBlock = """
            Decree 145/2020 Art. 66(1)   | starts 1 July: Jul-Dec, 12 x 6 / 12                      | NORMAL     | 2026-07-01 |            |        |                        | 6
            Decree 145/2020 Art. 66(2)   | starts Tue 17 Mar: 11 of 22 days, half: March counts     | NORMAL     | 2026-03-17 |            |        |                        | 10
            Decree 145/2020 Art. 66(2)   | starts Wed 18 Mar: 10 of 22 days, under half: not March  | NORMAL     | 2026-03-18 |            |        |                        | 9
            Decree 145/2020 Art. 66(1)   | 14 x 5 / 12 = 5.83, rounded                              | HEAVY      | 2026-08-10 |            |        |                        | 6
            Decree 145/2020 Art. 66(1)   | 12 x 1 / 12                                              | NORMAL     | 2026-12-01 |            |        |                        | 1
            Decree 145/2020 Art. 66(1)   | 16 x 11 / 12 = 14.67, rounded                            | VERY_HEAVY | 2026-02-01 |            |        |                        | 15
            Labour Code 2019 Art. 113(2) | service from 1 January: the whole year                   | NORMAL     | 2026-01-01 |            |        |                        | 12
            Labour Code 2019 Art. 113(2) | service begins the next year: nothing                    | NORMAL     | 2027-01-05 |            |        |                        | 0
            Labour Code 2019 Art. 113(2) | leaves 30 Jun: 13 days (seniority) x 6 / 12 = 6.5 -> 7   | NORMAL     | 2020-05-04 | 2026-06-30 |        |                        | 7
            Decree 145/2020 Art. 66(2)   | leaves Fri 13 Mar: 10 of 22 days, March does not count   | NORMAL     | 2024-01-01 | 2026-03-13 |        |                        | 2
            Decree 145/2020 Art. 66(2)   | leaves Mon 16 Mar: 11 of 22 days, March counts           | NORMAL     | 2024-01-01 | 2026-03-16 |        |                        | 3
            Decree 145/2020 Art. 65(4)   | unpaid 2-27 Mar (20 days), within one month: all count   | NORMAL     | 2024-01-01 |            | UNPAID | 2026-03-02..2026-03-27 | 12
            Decree 145/2020 Art. 65(4)   | unpaid 2 Mar-10 Apr (30 days): 8.2 over, April keeps 13.8| NORMAL     | 2024-01-01 |            | UNPAID | 2026-03-02..2026-04-10 | 12
            Decree 145/2020 Art. 65(4)   | unpaid 2 Mar-30 Apr (44 days): 22.2 over, April lost     | NORMAL     | 2024-01-01 |            | UNPAID | 2026-03-02..2026-04-30 | 11
            Decree 145/2020 Art. 65(4)   | unpaid March-June (87 days): April, May, June lost       | NORMAL     | 2024-01-01 |            | UNPAID | 2026-03-02..2026-06-30 | 9
            Decree 145/2020 Art. 65(6)   | sick March-April (44 days): within two months            | NORMAL     | 2024-01-01 |            | SICK   | 2026-03-02..2026-04-30 | 12
            Decree 145/2020 Art. 65(6)   | sick March-May (65 days): 21.4 over, May lost            | NORMAL     | 2024-01-01 |            | SICK   | 2026-03-02..2026-05-29 | 11
            """)
    void annualLeaveIsProRataToTheMonthsWorked(String basis, String why, vn.onduty.server.org.staff.PostCategory c,
                                               String start, String end, LeaveRules.Absence kind, String span,
                                               String days) {
        Map<LocalDate, Map<LeaveRules.Absence, BigDecimal>> absences = kind == null ? Map.of()
                : absent(kind, span.split("\\.\\.")[0], span.split("\\.\\.")[1]);
        assertThat(annual(c, start, end, 2026, absences)).as(basis + ": " + why).isEqualByComparingTo(days);
    }

    @Test
    void theBasisNamesTheMonthsCounted() {
        var e = LeaveRules.annual(NORMAL, LocalDate.parse("2026-07-01"), null, 2026,
                LeaveRules.months(plainYear(2026), LocalDate.parse("2026-07-01"), null, Map.of()));
        assertThat(e.basis()).containsEntry("months", 6).containsEntry("monthsWorked", List.of(7, 8, 9, 10, 11, 12));
    }

    /**
     * Social Insurance Law 2014, Art. 26(1) (figures kept by Law 41/2024/QH15): 30/40/60 days by years of
     * contribution (under 15, from 15, from 30); 40/50/70 on heavy or hazardous posts or where the regional allowance
     * coefficient is 0.7 or more.
     */
    @ParameterizedTest(name = "[SI Law 2014 Art. 26(1)] {0}, allowance {1}, from {2}: {3} days")
    @CsvSource({
            "NORMAL,     0,   2012-01-02, 30",
            "NORMAL,     0,   2012-01-01, 40",
            "NORMAL,     0,   1997-01-01, 60",
            "NORMAL,     0,             , 30",
            "HEAVY,      0,   2012-01-02, 40",
            "VERY_HEAVY, 0,   2012-01-01, 50",
            "HEAVY,      0,   1997-01-01, 70",
            "NORMAL,     0.5, 2012-01-02, 30",
            "NORMAL,     0.7, 2012-01-02, 40",
            "NORMAL,     1.0, 1997-01-01, 70"})
    void sickLeaveDependsOnYearsAndThePostsConditions(vn.onduty.server.org.staff.PostCategory post, String allowance,
                                                     String start, String days) {
        assertThat(LeaveRules.sick(post, new BigDecimal(allowance), start == null ? null : LocalDate.parse(start), 2027)
                .days()).isEqualByComparingTo(days);
    }

    /**
     * Paternity leave by the kind of birth: Social Insurance Law 2014, Art. 34(2), kept by Law 41/2024/QH15 (which
     * widens the window to 60 days after the birth).
     */
    @ParameterizedTest(name = "[SI Law Art. 34(2), Law 41/2024] {0} child(ren), surgery {1}: {2} days")
    @CsvSource({"1, false, 5", "1, true, 7", "2, false, 10", "3, false, 13", "4, false, 16", "2, true, 14",
            "3, true, 14"})
    void paternityLeaveByTheKindOfBirth(int children, boolean surgery, int days) {
        assertThat(LeaveRules.paternityDays(children, surgery)).isEqualTo(days);
    }

    /** Social Insurance Law 2014, Art. 27(1) (kept by Law 41/2024/QH15): 20 working days under 3, 15 from 3 to under 7. */
    @ParameterizedTest(name = "[SI Law Art. 27(1)] child born {0}, leave on {1}: {2} days a year")
    @CsvSource({"2025-03-10, 2027-03-09, 20", "2024-03-10, 2027-03-09, 20", "2024-03-10, 2027-03-10, 15",
            "2020-03-11, 2027-03-10, 15", "2020-03-10, 2027-03-10, 0"})
    void childSickLeaveByTheChildsAge(String born, String on, int days) {
        assertThat(LeaveRules.childSickDays(LocalDate.parse(born), LocalDate.parse(on))).isEqualTo(days);
    }

    /**
     * Labour Code 2019, Art. 113(4): leave may be combined over at most three years. Carrying 2026 into 2027 keeps
     * 2026's own days and those from 2025; days from 2024 that reached 2026 are dropped. Oldest are used first.
     */
    @ParameterizedTest(name = "[Labour Code 2019 Art. 113(4)] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            nothing carried in, 5 left of 12                      | 5  | 12 | 0 | 0 | 30 | 5  | 5  | 0 | 0
            12 own and 4 from 2025 all left                       | 16 | 12 | 4 | 0 | 30 | 16 | 12 | 4 | 0
            3 from 2024 and 4 from 2025 carried in, 18 of 19 left | 18 | 12 | 4 | 3 | 30 | 16 | 12 | 4 | 2
            the cap keeps the newest days                         | 16 | 12 | 4 | 0 | 13 | 13 | 12 | 1 | 0
            """)
    void carryOverReachesBackTwoYearsAtMost(String why, String remaining, String own, String from2025, String from2024,
                                            String max, String carried, String of2026, String of2025, String dropped) {
        Map<Integer, BigDecimal> in = new java.util.TreeMap<>();
        if (new BigDecimal(from2025).signum() > 0) {
            in.put(2025, new BigDecimal(from2025));
        }
        if (new BigDecimal(from2024).signum() > 0) {
            in.put(2024, new BigDecimal(from2024));
        }
        LeaveRules.CarryOver c = LeaveRules.carryOver(2026, new BigDecimal(remaining), new BigDecimal(own), in,
                new BigDecimal(max));
        assertThat(c.days()).as(why).isEqualByComparingTo(carried);
        assertThat(c.byOrigin().getOrDefault(2026, BigDecimal.ZERO)).isEqualByComparingTo(of2026);
        assertThat(c.byOrigin().getOrDefault(2025, BigDecimal.ZERO)).isEqualByComparingTo(of2025);
        assertThat(c.byOrigin()).doesNotContainKey(2024);
        assertThat(c.dropped()).isEqualByComparingTo(dropped);
    }

    /** A Monday-to-Friday calendar with the given days off and swapped working days. */
    static List<CalendarDay> week(String from, String to, Set<String> off, Set<String> swapped) {
        List<CalendarDay> out = new ArrayList<>();
        for (LocalDate x = LocalDate.parse(from); !x.isAfter(LocalDate.parse(to)); x = x.plusDays(1)) {
            boolean weekend = x.getDayOfWeek().getValue() >= 6;
            CalendarDay.DayType type = off.contains(x.toString()) ? CalendarDay.DayType.HOLIDAY
                    : swapped.contains(x.toString()) ? CalendarDay.DayType.SWAPPED_WORKING_DAY
                    : weekend ? CalendarDay.DayType.REST_DAY : CalendarDay.DayType.WORKDAY;
            boolean working = type == CalendarDay.DayType.WORKDAY || type == CalendarDay.DayType.SWAPPED_WORKING_DAY;
            out.add(new CalendarDay(1, x, ZoneId.of("Asia/Ho_Chi_Minh"), type, working, working, null, true, null, List.of()));
        }
        return out;
    }

    static BigDecimal count(List<CalendarDay> days, String start, SessionPart sp, String end, SessionPart ep) {
        return LeaveRules.workingDays(days, LocalDate.parse(start), sp, LocalDate.parse(end), ep);
    }

    @Test
    void halfDaysAtBothEndsCountHalf() {
        List<CalendarDay> days = week("2026-12-07", "2026-12-11", Set.of(), Set.of());
        assertThat(count(days, "2026-12-07", SessionPart.MORNING, "2026-12-09", SessionPart.AFTERNOON)).isEqualByComparingTo("3");
        assertThat(count(days, "2026-12-07", SessionPart.AFTERNOON, "2026-12-09", SessionPart.AFTERNOON)).isEqualByComparingTo("2.5");
        assertThat(count(days, "2026-12-07", SessionPart.AFTERNOON, "2026-12-09", SessionPart.MORNING)).isEqualByComparingTo("2");
        assertThat(count(days, "2026-12-08", SessionPart.MORNING, "2026-12-08", SessionPart.MORNING)).isEqualByComparingTo("0.5");
        assertThat(count(days, "2026-12-08", SessionPart.AFTERNOON, "2026-12-08", SessionPart.AFTERNOON)).isEqualByComparingTo("0.5");
    }

    @Test
    void weekendsAndTetDoNotCountAndASwappedSaturdayDoes() {
        // Tết 2026 off 16-20 Feb; Saturday 28 Feb worked in exchange.
        List<CalendarDay> feb = week("2026-02-13", "2026-03-02",
                Set.of("2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20"), Set.of("2026-02-28"));
        // Fri 13, then Tết and two weekends, Mon 23 .. Fri 27, Sat 28 (swapped), Mon 2 Mar.
        assertThat(count(feb, "2026-02-13", SessionPart.MORNING, "2026-03-02", SessionPart.AFTERNOON)).isEqualByComparingTo("8");
        // A half day that starts on a holiday's afternoon loses nothing: the holiday did not count anyway.
        assertThat(count(feb, "2026-02-20", SessionPart.AFTERNOON, "2026-02-23", SessionPart.MORNING)).isEqualByComparingTo("0.5");
        assertThat(count(feb, "2026-02-14", SessionPart.MORNING, "2026-02-22", SessionPart.AFTERNOON)).isEqualByComparingTo("0");
    }

    @Test
    void aRequestAcrossNewYearIsSplitByCalendarYearWithoutTheHolidays() {
        // 1 January 2027 is a Friday; 1 January 2028 a Saturday, so Monday 3 January 2028 is its compensatory day off.
        List<CalendarDay> days = week("2026-12-21", "2028-01-10",
                Set.of("2027-01-01", "2028-01-01", "2028-01-03"), Set.of());
        SessionPart m = SessionPart.MORNING;
        SessionPart a = SessionPart.AFTERNOON;
        record Case(String start, SessionPart sp, String end, SessionPart ep, String expected, String why) {}
        List<Case> cases = List.of(
                new Case("2026-12-29", m, "2027-01-03", a, "2026:3.0", "Tue-Thu; 1 Jan off, then a weekend: 2027 charged nothing"),
                new Case("2026-12-29", m, "2027-01-05", a, "2026:3.0 2027:2.0", "and Mon 4, Tue 5 in the new year"),
                new Case("2026-12-31", a, "2027-01-04", m, "2026:0.5 2027:0.5", "half days at both ends, one in each year"),
                new Case("2026-12-26", m, "2027-01-04", a, "2026:4.0 2027:1.0", "starting on a Saturday"),
                new Case("2027-01-01", m, "2027-01-04", a, "2027:1.0", "one year only, starting on the holiday"),
                new Case("2026-12-31", m, "2026-12-31", a, "2026:1.0", "31 December alone"),
                new Case("2027-12-30", m, "2028-01-04", a, "2027:2.0 2028:1.0", "Sat 1 Jan and its Monday off both skipped"),
                new Case("2027-12-31", a, "2028-01-03", a, "2027:0.5", "the new year's part falls on days off only"),
                new Case("2026-12-21", m, "2028-01-10", a, "2026:9.0 2027:260.0 2028:5.0", "over two new years"));
        for (Case c : cases) {
            List<LeaveRules.YearDays> split = LeaveRules.workingDaysByYear(days, LocalDate.parse(c.start()), c.sp(),
                    LocalDate.parse(c.end()), c.ep());
            assertThat(String.join(" ", split.stream().map(y -> y.year() + ":" + y.days()).toList()))
                    .as(c.why()).isEqualTo(c.expected());
            assertThat(split.stream().map(LeaveRules.YearDays::days).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as("the parts of %s add up to the whole", c.why())
                    .isEqualByComparingTo(count(days, c.start(), c.sp(), c.end(), c.ep()));
        }
    }

    @Test
    void slotsNumberHalfDaysSoThatAdjacentHalvesDoNotOverlap() {
        LocalDate day = LocalDate.parse("2026-12-08");
        assertThat(LeaveRules.slot(day, SessionPart.AFTERNOON)).isEqualTo(LeaveRules.slot(day, SessionPart.MORNING) + 1);
        assertThat(LeaveRules.slot(day.plusDays(1), SessionPart.MORNING)).isEqualTo(LeaveRules.slot(day, SessionPart.AFTERNOON) + 1);
    }

    static Balance balance(List<Balance.Entry> ledger, List<Balance.Use> uses, String asOf) {
        return Balance.of(1, 1, "ANNUAL", 2027, ledger, uses, LocalDate.parse(asOf));
    }

    @Test
    void balanceIsEntitledLessTakenAndPending() {
        Balance b = balance(List.of(new Balance.Entry("ALLOCATION", d("12"), null),
                        new Balance.Entry("ADJUSTMENT", d("-1.5"), null)),
                List.of(new Balance.Use(LocalDate.parse("2027-02-01"), d("2.5"), true),
                        new Balance.Use(LocalDate.parse("2027-05-01"), d("1"), false)), "2027-06-01");
        assertThat(b.entitled()).isEqualByComparingTo("10.5");
        assertThat(b.taken()).isEqualByComparingTo("2.5");
        assertThat(b.pending()).isEqualByComparingTo("1");
        assertThat(b.remaining()).isEqualByComparingTo("7");
    }

    @Test
    void carryOverUnusedByItsDateExpiresTheDayAfterAndDaysUsedInTimeKeepIt() {
        List<Balance.Entry> ledger = List.of(new Balance.Entry("ALLOCATION", d("12"), null),
                new Balance.Entry("CARRY_OVER", d("3"), LocalDate.parse("2027-03-31")));
        List<Balance.Use> used = List.of(new Balance.Use(LocalDate.parse("2027-03-31"), d("1"), true),
                new Balance.Use(LocalDate.parse("2027-04-01"), d("2"), true));
        // On the last valid day all 3 carried days still count.
        assertThat(balance(ledger, used, "2027-03-31").entitled()).isEqualByComparingTo("15");
        // The day after, the 2 carried days not used by then expire; the day taken on 31 March used one.
        Balance after = balance(ledger, used, "2027-04-01");
        assertThat(after.carryOverExpired()).isEqualByComparingTo("2");
        assertThat(after.entitled()).isEqualByComparingTo("13");
        assertThat(after.remaining()).isEqualByComparingTo("10");
        // Used wholly in time: nothing expires.
        assertThat(balance(ledger, List.of(new Balance.Use(LocalDate.parse("2027-01-10"), d("4"), true)), "2027-12-31")
                .carryOverExpired()).isEqualByComparingTo("0");
    }

    @Test
    void attachmentsAreRecognisedByTheirFirstBytes() {
        assertThat(LeaveRequests.looksLike("application/pdf", "%PDF-1.4 x".getBytes())).isTrue();
        assertThat(LeaveRequests.looksLike("application/pdf", "<html>".getBytes())).isFalse();
        assertThat(LeaveRequests.looksLike("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10})).isTrue();
        assertThat(LeaveRequests.looksLike("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0})).isTrue();
        assertThat(LeaveRequests.looksLike("image/jpeg", "%PDF-".getBytes())).isFalse();
    }
}
