package vn.onduty.server.leave;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.roster.RosterDay;

/**
 * A month of a team's leave: a row per officer, a cell per day with the legend symbol of each session on leave
 * (approved, or pending marked as such), and the days that are holidays or rest days at the officer's site.
 */
public record TeamCalendar(YearMonth month, Long siteId, Long departmentId, List<Day> days, List<Row> rows) {

    /**
     * @param gaps counter sessions of the site's roster whose officer is on approved leave with nobody standing in
     *     (site view only; empty for a department)
     */
    public record Day(LocalDate date, int day, String weekday, boolean working, boolean holiday, String name,
                      List<Gap> gaps) {}

    /** A counter left without a present officer in one session. */
    public record Gap(int counterNumber, String counterName, SessionPart part, long absentStaffId) {}

    /**
     * @param morning the legend symbol of the morning's leave, null when none
     * @param closed a holiday or rest day at the officer's site
     */
    public record Cell(String morning, String afternoon, boolean pending, boolean closed, Long requestId) {
        public String text() {
            if (morning == null && afternoon == null) {
                return "";
            }
            if (morning != null && morning.equals(afternoon)) {
                return morning;
            }
            return (morning == null ? "" : morning) + "/" + (afternoon == null ? "" : afternoon);
        }
    }

    public record Row(long staffId, String code, String fullName, List<Cell> cells, BigDecimal leaveDays) {}

    static TeamCalendar build(YearMonth month, Long siteId, Long departmentId, List<CalendarDay> header,
                              List<LeaveDao.StaffRow> team, Function<LeaveDao.StaffRow, List<CalendarDay>> calendarOf,
                              List<LeaveRequest> live, Map<String, String> symbols, List<RosterDay> roster) {
        List<Day> days = new ArrayList<>();
        for (CalendarDay d : header) {
            List<Gap> gaps = new ArrayList<>();
            roster.stream().filter(r -> r.date().equals(d.date())).flatMap(r -> r.assignments().stream())
                    .filter(a -> a.officer() != null && live.stream().anyMatch(r -> r.inForce()
                            && r.staffId() == a.officer().id() && covers(r, d.date(), a.part())))
                    .forEach(a -> gaps.add(new Gap(a.counterNumber(), a.counterName(), a.part(), a.officer().id())));
            days.add(new Day(d.date(), d.date().getDayOfMonth(), weekday(d.date().getDayOfWeek()), d.working(), d.holiday(),
                    d.name(), gaps));
        }
        List<Row> rows = new ArrayList<>();
        for (LeaveDao.StaffRow s : team) {
            List<CalendarDay> cal = calendarOf.apply(s);
            List<Cell> cells = new ArrayList<>();
            BigDecimal total = BigDecimal.ZERO;
            for (CalendarDay d : cal) {
                String morning = null;
                String afternoon = null;
                boolean pending = false;
                Long requestId = null;
                for (LeaveRequest r : live) {
                    if (r.staffId() != s.id() || d.date().isBefore(r.startDate()) || d.date().isAfter(r.endDate())) {
                        continue;
                    }
                    String symbol = symbols.getOrDefault(r.leaveCode(), r.leaveCode());
                    boolean am = !(d.date().equals(r.startDate()) && r.startPart() == SessionPart.AFTERNOON);
                    boolean pm = !(d.date().equals(r.endDate()) && r.endPart() == SessionPart.MORNING);
                    if (d.working()) {
                        morning = am ? symbol : morning;
                        afternoon = pm ? symbol : afternoon;
                        pending |= r.status() == LeaveRequest.Status.PENDING;
                        requestId = r.id();
                        if (r.inForce()) {
                            total = total.add(new BigDecimal(am && pm ? "1" : am || pm ? "0.5" : "0"));
                        }
                    }
                }
                cells.add(new Cell(morning, afternoon, pending, !d.working(), requestId));
            }
            rows.add(new Row(s.id(), s.code(), s.fullName(), cells, total.setScale(1)));
        }
        return new TeamCalendar(month, siteId, departmentId, days, rows);
    }

    private static boolean covers(LeaveRequest r, LocalDate date, SessionPart part) {
        long slot = LeaveRules.slot(date, part);
        return slot >= LeaveRules.slot(r.startDate(), r.startPart()) && slot <= LeaveRules.slot(r.endDate(), r.endPart());
    }

    private static String weekday(DayOfWeek d) {
        return d == DayOfWeek.SUNDAY ? "CN" : "T" + (d.getValue() + 1);
    }
}
