package vn.onduty.server.leave;

import java.math.BigDecimal;

/**
 * A kind of leave and its rules. {@code timesheetCode} is the legend entry (timesheet_symbol) the timesheet and
 * daily attendance write for its sessions; it is the leave code {@link LeaveSessions} hands to attendance.
 */
public record LeaveType(long id, String code, String nameVi, String nameEn, String timesheetCode, boolean paid,
                        BalanceRule balanceRule, Allocation allocation, BigDecimal yearlyDays, BigDecimal maxDays,
                        boolean halfDaysAllowed, boolean documentRequired, int sortOrder, boolean active) {

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
