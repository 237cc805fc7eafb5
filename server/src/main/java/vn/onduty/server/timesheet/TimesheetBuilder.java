package vn.onduty.server.timesheet;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.calendar.CalendarDay;
import vn.onduty.server.calendar.SessionPart;

/**
 * Turns a month of attendance sessions into timesheet cells and totals: the rules of the form, kept apart from
 * storage so they can be tested line by line.
 *
 * <p>Each session is half a day. Its symbol comes from the legend: the status (WORKED and LATE both show the
 * "worked" symbol: being late is measured elsewhere, the day is still worked), the leave code for LEAVE. OPEN
 * (today's session still running) and NOT_SCHEDULED show nothing and count nothing. A day's cell shows one
 * symbol when both sessions agree or only one has a symbol, and "morning/afternoon" when they differ. Every
 * session with a symbol adds half a day to the total its legend entry counts in.
 */
public final class TimesheetBuilder {

    private static final BigDecimal HALF = new BigDecimal("0.5");
    private static final String[] WEEKDAYS = {"T2", "T3", "T4", "T5", "T6", "T7", "CN"};

    /** An officer who appears on the sheet. */
    public record StaffLine(long staffId, String code, String fullName, String position, long departmentId,
                            String departmentName, String grade, String gradeCode) {

        @org.jdbi.v3.core.mapper.reflect.JdbiConstructor
        public StaffLine {
        }

        public StaffLine(long staffId, String code, String fullName, String position, long departmentId,
                         String departmentName) {
            this(staffId, code, fullName, position, departmentId, departmentName, null, null);
        }

        /** "Chuyên viên (01.003)", the grade alone, or null when the record has none. */
        String gradeLabel() {
            return grade == null ? null : gradeCode == null ? grade : grade + " (" + gradeCode + ")";
        }
    }

    /** One stored attendance session, the part of it the sheet reads. */
    public record Session(long staffId, LocalDate date, SessionPart part, String status, String leaveCode) {}

    private final Map<String, TimesheetSymbol> legend;

    public TimesheetBuilder(List<TimesheetSymbol> legend) {
        this.legend = new HashMap<>();
        legend.forEach(s -> this.legend.put(s.code(), s));
    }

    public Timesheet build(YearMonth month, long siteId, String siteName, Long departmentId, String departmentName,
                           List<CalendarDay> calendar, List<StaffLine> staff, List<Session> sessions,
                           boolean provisional, Instant generatedAt) {
        return build(month, siteId, siteName, departmentId, departmentName, calendar, staff, sessions, provisional,
                generatedAt, Timesheet.Form.DEFAULT, List.of());
    }

    public Timesheet build(YearMonth month, long siteId, String siteName, Long departmentId, String departmentName,
                           List<CalendarDay> calendar, List<StaffLine> staff, List<Session> sessions,
                           boolean provisional, Instant generatedAt, Timesheet.Form form, List<Timesheet.Unit> units) {
        List<Timesheet.Day> days = new ArrayList<>(calendar.size());
        for (CalendarDay d : calendar) {
            days.add(new Timesheet.Day(d.date(), d.date().getDayOfMonth(), WEEKDAYS[d.date().getDayOfWeek().getValue() - 1],
                    d.type(), !d.open(), d.name()));
        }
        Map<Long, Session[][]> byStaff = new HashMap<>();
        int length = month.lengthOfMonth();
        for (Session s : sessions) {
            if (!YearMonth.from(s.date()).equals(month)) {
                continue;
            }
            byStaff.computeIfAbsent(s.staffId(), id -> new Session[length][2])[s.date().getDayOfMonth() - 1][s.part().ordinal()] = s;
        }
        List<Timesheet.Row> rows = new ArrayList<>(staff.size());
        for (StaffLine line : staff) {
            rows.add(row(rows.size() + 1, line, byStaff.getOrDefault(line.staffId(), new Session[length][2])));
        }
        return new Timesheet(month.toString(), siteId, siteName, departmentId, departmentName, days, rows, totals(rows),
                legendEntries(), provisional, false, List.of(), generatedAt, form, units);
    }

    private Timesheet.Row row(int no, StaffLine line, Session[][] month) {
        List<String> cells = new ArrayList<>(month.length);
        BigDecimal paid = BigDecimal.ZERO.setScale(1);
        BigDecimal unpaid = paid;
        BigDecimal insurance = paid;
        for (Session[] day : month) {
            TimesheetSymbol morning = symbol(day[0]);
            TimesheetSymbol afternoon = symbol(day[1]);
            cells.add(cell(morning, afternoon));
            for (TimesheetSymbol s : new TimesheetSymbol[] {morning, afternoon}) {
                if (s == null) {
                    continue;
                }
                switch (s.countsAs()) {
                    case PAID -> paid = paid.add(HALF);
                    case UNPAID -> unpaid = unpaid.add(HALF);
                    case INSURANCE -> insurance = insurance.add(HALF);
                    case NONE -> { }
                }
            }
        }
        return new Timesheet.Row(no, line.staffId(), line.code(), line.fullName(), line.position(), line.departmentId(),
                line.departmentName(), cells, paid, unpaid, insurance, line.gradeLabel());
    }

    static String cell(TimesheetSymbol morning, TimesheetSymbol afternoon) {
        if (morning == null && afternoon == null) {
            return "";
        }
        if (morning == null) {
            return afternoon.symbol();
        }
        if (afternoon == null || afternoon.symbol().equals(morning.symbol())) {
            return morning.symbol();
        }
        return morning.symbol() + "/" + afternoon.symbol();
    }

    /** The legend entry a session shows, or null for a session that shows nothing. */
    TimesheetSymbol symbol(Session s) {
        if (s == null) {
            return null;
        }
        String code = switch (s.status()) {
            case "WORKED", "LATE" -> "WORKED";
            case "OPEN", "NOT_SCHEDULED" -> null;
            case "LEAVE" -> s.leaveCode();
            default -> s.status();
        };
        if (code == null) {
            return null;
        }
        TimesheetSymbol known = legend.get(code);
        if (known != null) {
            return known;
        }
        // A leave code nobody put in the legend still shows, as itself, but counts in no total.
        return new TimesheetSymbol(code, code, code, code, TimesheetSymbol.CountsAs.NONE, Integer.MAX_VALUE, null);
    }

    static Timesheet.Totals totals(List<Timesheet.Row> rows) {
        BigDecimal paid = BigDecimal.ZERO.setScale(1);
        BigDecimal unpaid = paid;
        BigDecimal insurance = paid;
        for (Timesheet.Row r : rows) {
            paid = paid.add(r.paidDays());
            unpaid = unpaid.add(r.unpaidDays());
            insurance = insurance.add(r.insuranceDays());
        }
        return new Timesheet.Totals(paid, unpaid, insurance);
    }

    private List<Timesheet.LegendEntry> legendEntries() {
        return legend.values().stream()
                .sorted(java.util.Comparator.comparingInt(TimesheetSymbol::sortOrder))
                .map(s -> new Timesheet.LegendEntry(s.code(), s.symbol(), s.labelVi(), s.labelEn(), s.countsAs()))
                .toList();
    }
}
