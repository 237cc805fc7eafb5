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
import java.util.Set;
import org.junit.jupiter.api.Test;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;

/** The entitlement, day-count and balance rules at their boundaries. */
class LeaveRulesTest {

    static BigDecimal d(String v) {
        return new BigDecimal(v);
    }

    static BigDecimal annual(vn.onduty.server.org.staff.PostCategory c, String start, int year) {
        return LeaveRules.annual(c, start == null ? null : LocalDate.parse(start), year).days();
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

    @Test
    void theFirstYearIsProRataByMonthsLeftRoundedHalfUp() {
        // Starts 1 July: 6 months of 12 = 6 days.
        assertThat(annual(NORMAL, "2026-07-01", 2026)).isEqualByComparingTo("6");
        // The 15th still counts its month, the 16th does not.
        assertThat(annual(NORMAL, "2026-03-15", 2026)).isEqualByComparingTo("10");
        assertThat(annual(NORMAL, "2026-03-16", 2026)).isEqualByComparingTo("9");
        // 14 * 5 / 12 = 5.83 -> 6; 12 * 1 / 12 = 1; 16 * 11 / 12 = 14.67 -> 15.
        assertThat(annual(HEAVY, "2026-08-10", 2026)).isEqualByComparingTo("6");
        assertThat(annual(NORMAL, "2026-12-01", 2026)).isEqualByComparingTo("1");
        assertThat(annual(VERY_HEAVY, "2026-02-01", 2026)).isEqualByComparingTo("15");
        // 1 January is a whole year; a start after the year gives nothing.
        assertThat(annual(NORMAL, "2026-01-01", 2026)).isEqualByComparingTo("12");
        assertThat(annual(NORMAL, "2027-01-05", 2026)).isEqualByComparingTo("0");
        assertThat(LeaveRules.annual(NORMAL, LocalDate.parse("2026-07-01"), 2026).basis()).containsEntry("months", 6);
    }

    @Test
    void sickLeaveIsThirtyFortyOrSixtyDaysByYearsOfService() {
        assertThat(LeaveRules.sick(LocalDate.parse("2012-01-02"), 2027).days()).isEqualByComparingTo("30");
        assertThat(LeaveRules.sick(LocalDate.parse("2012-01-01"), 2027).days()).isEqualByComparingTo("40");
        assertThat(LeaveRules.sick(LocalDate.parse("1997-01-01"), 2027).days()).isEqualByComparingTo("60");
        assertThat(LeaveRules.sick(null, 2027).days()).isEqualByComparingTo("30");
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
