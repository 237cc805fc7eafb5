package vn.onduty.server.timesheet;

import java.time.Instant;

/**
 * One entry of the timesheet legend: the symbol a cell shows for an attendance status or a leave code, and
 * the C01a-HD total it counts in.
 */
public record TimesheetSymbol(String code, String symbol, String labelVi, String labelEn, CountsAs countsAs,
                              int sortOrder, Instant updatedAt) {

    /** The totals columns of the form; NONE shows the symbol but counts in no total. */
    public enum CountsAs {
        /** Số công hưởng lương thời gian. */
        PAID,
        /** Số công nghỉ không lương. */
        UNPAID,
        /** Số công hưởng BHXH. */
        INSURANCE,
        NONE
    }

    public String label(String lang) {
        return "en".equals(lang) ? labelEn : labelVi;
    }
}
