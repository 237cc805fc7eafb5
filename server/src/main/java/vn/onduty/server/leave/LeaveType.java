package vn.onduty.server.leave;

import java.math.BigDecimal;

/**
 * A kind of leave and its rules. {@code timesheetCode} is the legend entry (timesheet_symbol) the timesheet and
 * daily attendance write for its sessions; it is the leave code {@link LeaveSession} hands to attendance.
 * {@code countsCalendarDays}: the leave runs over calendar days (maternity), so its days and the timesheet include
 * holidays and weekends. {@code limitRule}: a limit in the law the request keeps, with {@code eventWindowDays} the
 * days after the birth within which paternity leave is taken (a setting: 30 before Law 41/2024/QH15, 60 since).
 */
public record LeaveType(long id, String code, String nameVi, String nameEn, String timesheetCode, boolean paid,
                        BalanceRule balanceRule, Allocation allocation, BigDecimal yearlyDays, BigDecimal maxDays,
                        boolean halfDaysAllowed, boolean documentRequired, int sortOrder, boolean active,
                        boolean countsCalendarDays, LimitRule limitRule, Integer eventWindowDays) {

    /** A limit set by the law on a request of this type, which needs the birth it is for. */
    public enum LimitRule {
        /** 5/7/10/14 working days by the kind of birth, within the window after it (SI Law 2014, Art. 34(2)). */
        PATERNITY,
        /** 20 working days a year for a child under 3, 15 from 3 to under 7 (SI Law 2014, Art. 27(1)). */
        CHILD_SICK
    }

    /** Whether a balance is kept, and what a request beyond it does. */
    public enum BalanceRule { NONE, WARN, BLOCK }

    /** How the yearly entitlement is computed. */
    public enum Allocation { NONE, ANNUAL, SICK, FIXED }

    public String name(String lang) {
        return "en".equals(lang) ? nameEn : nameVi;
    }

    public boolean tracked() {
        return balanceRule != BalanceRule.NONE;
    }
}
