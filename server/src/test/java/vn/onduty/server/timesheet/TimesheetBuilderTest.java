package vn.onduty.server.timesheet;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.timesheet.TimesheetSymbol.CountsAs;

class TimesheetBuilderTest {

    static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final YearMonth SEPTEMBER = YearMonth.of(2026, 9);
    static final List<TimesheetSymbol> LEGEND = List.of(
            symbol("WORKED", "+", CountsAs.PAID), symbol("DUTY", "+", CountsAs.PAID),
            symbol("OFFICIAL_BUSINESS", "CT", CountsAs.PAID), symbol("HOLIDAY", "L", CountsAs.PAID),
            symbol("ABSENT", "V", CountsAs.UNPAID), symbol("ANNUAL", "P", CountsAs.PAID),
            symbol("SICK", "Ô", CountsAs.INSURANCE), symbol("UNPAID", "KL", CountsAs.UNPAID),
            symbol("NOTE", "G", CountsAs.NONE));
    static final TimesheetBuilder.StaffLine LAN = new TimesheetBuilder.StaffLine(1, "CB1", "Nguyễn Thị Lan", "Chuyên viên", 10, "Sở Tư pháp");

    static int order;

    static TimesheetSymbol symbol(String code, String symbol, CountsAs counts) {
        return new TimesheetSymbol(code, symbol, code, code, counts, ++order, null);
    }

    static TimesheetBuilder.Session s(int day, SessionPart part, String status, String leaveCode) {
        return new TimesheetBuilder.Session(1, SEPTEMBER.atDay(day), part, status, leaveCode);
    }

    static Timesheet build(TimesheetBuilder.Session... sessions) {
        return new TimesheetBuilder(LEGEND).build(SEPTEMBER, 5, "Trung tâm", null, null, calendar(), List.of(LAN),
                List.of(sessions), false, Instant.EPOCH);
    }

    static List<CalendarDay> calendar() {
        List<CalendarDay> days = new ArrayList<>();
        for (int d = 1; d <= SEPTEMBER.lengthOfMonth(); d++) {
            LocalDate date = SEPTEMBER.atDay(d);
            boolean weekend = date.getDayOfWeek().getValue() >= 6;
            days.add(new CalendarDay(5, date, HCM, weekend ? CalendarDay.DayType.REST_DAY : CalendarDay.DayType.WORKDAY,
                    !weekend, !weekend, null, true, null, List.of()));
        }
        return days;
    }

    @ParameterizedTest(name = "{0} + {1} -> ''{2}''")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "WORKED            | WORKED            | +",
            "LATE              | WORKED            | +",
            "WORKED            | LEAVE:ANNUAL      | +/P",
            "LEAVE:ANNUAL      | WORKED            | P/+",
            "ABSENT            | ABSENT            | V",
            "LEAVE:SICK        | LEAVE:SICK        | Ô",
            "WORKED            | OPEN              | +",
            "OPEN              | OPEN              | ''",
            "NOT_SCHEDULED     | NOT_SCHEDULED     | ''",
            "DUTY              | -                 | +",
            "HOLIDAY           | HOLIDAY           | L",
            "OFFICIAL_BUSINESS | WORKED            | CT/+",
            "-                 | LEAVE:UNPAID      | KL",
            "LEAVE:WEDDING     | WORKED            | WEDDING/+"})
    void aDaysCellShowsBothSessionsOnlyWhenTheyDiffer(String morning, String afternoon, String cell) {
        List<TimesheetBuilder.Session> sessions = new ArrayList<>();
        if (morning != null) {
            sessions.add(session(7, SessionPart.MORNING, morning));
        }
        if (afternoon != null) {
            sessions.add(session(7, SessionPart.AFTERNOON, afternoon));
        }
        Timesheet t = build(sessions.toArray(TimesheetBuilder.Session[]::new));
        assertThat(t.rows().get(0).cells().get(6)).isEqualTo(cell);
    }

    private static TimesheetBuilder.Session session(int day, SessionPart part, String spec) {
        return spec.startsWith("LEAVE:") ? s(day, part, "LEAVE", spec.substring(6)) : s(day, part, spec, null);
    }

    @Test
    void everySessionWithASymbolCountsHalfADayInItsTotal() {
        Timesheet t = build(
                s(7, SessionPart.MORNING, "WORKED", null), s(7, SessionPart.AFTERNOON, "LATE", null),
                s(8, SessionPart.MORNING, "WORKED", null), s(8, SessionPart.AFTERNOON, "LEAVE", "ANNUAL"),
                s(9, SessionPart.MORNING, "ABSENT", null), s(9, SessionPart.AFTERNOON, "LEAVE", "UNPAID"),
                s(10, SessionPart.MORNING, "LEAVE", "SICK"), s(10, SessionPart.AFTERNOON, "LEAVE", "SICK"),
                s(11, SessionPart.MORNING, "OPEN", null), s(11, SessionPart.AFTERNOON, "NOT_SCHEDULED", null),
                s(12, SessionPart.MORNING, "LEAVE", "NOTE"), s(14, SessionPart.MORNING, "LEAVE", "WEDDING"));
        Timesheet.Row lan = t.rows().get(0);
        assertThat(lan.paidDays()).isEqualByComparingTo("2.0");
        assertThat(lan.unpaidDays()).isEqualByComparingTo("1.0");
        assertThat(lan.insuranceDays()).isEqualByComparingTo("1.0");
        assertThat(t.totals().paidDays()).isEqualByComparingTo(new BigDecimal("2.0"));
        assertThat(lan.cells()).hasSize(30);
        assertThat(lan.cells().get(11)).isEqualTo("G");
        assertThat(lan.cells().get(13)).isEqualTo("WEDDING");
    }

    @Test
    void sessionsOutsideTheMonthOrOfOthersAreNotOnTheRow() {
        Timesheet t = new TimesheetBuilder(LEGEND).build(SEPTEMBER, 5, "Trung tâm", null, null, calendar(), List.of(LAN),
                List.of(new TimesheetBuilder.Session(1, LocalDate.of(2026, 10, 1), SessionPart.MORNING, "WORKED", null),
                        new TimesheetBuilder.Session(2, SEPTEMBER.atDay(1), SessionPart.MORNING, "WORKED", null)),
                false, Instant.EPOCH);
        assertThat(t.rows().get(0).cells()).allMatch(String::isEmpty);
        assertThat(t.rows().get(0).paidDays()).isEqualByComparingTo("0");
    }

    @Test
    void columnsCarryVietnameseWeekdaysAndWhetherTheSiteIsClosed() {
        Timesheet t = build();
        assertThat(t.days()).hasSize(30);
        Timesheet.Day first = t.days().get(0);
        assertThat(first.day()).isEqualTo(1);
        assertThat(first.weekday()).isEqualTo("T3");
        assertThat(first.closed()).isFalse();
        Timesheet.Day sunday = t.days().get(5);
        assertThat(sunday.weekday()).isEqualTo("CN");
        assertThat(sunday.closed()).isTrue();
        assertThat(t.legend()).extracting(Timesheet.LegendEntry::symbol).startsWith("+", "+", "CT", "L");
    }
}
