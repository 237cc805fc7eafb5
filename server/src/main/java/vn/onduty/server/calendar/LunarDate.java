package vn.onduty.server.calendar;

/**
 * A day of the Vietnamese lunisolar calendar (âm lịch). {@code leapMonth} marks the repeated month
 * (tháng nhuận) of a year that has thirteen months; month 1 is tháng Giêng, month 12 tháng Chạp.
 */
public record LunarDate(int year, int month, int day, boolean leapMonth) {

    public LunarDate {
        if (month < 1 || month > 12) {
            throw new IllegalArgumentException("lunar month must be 1..12, got " + month);
        }
        if (day < 1 || day > 30) {
            throw new IllegalArgumentException("lunar day must be 1..30, got " + day);
        }
    }

    public static LunarDate of(int year, int month, int day) {
        return new LunarDate(year, month, day, false);
    }

    /** As Vietnamese calendars print it: "29/12/2025", "15/4 nhuận/2020". */
    @Override
    public String toString() {
        return day + "/" + month + (leapMonth ? " nhuận" : "") + "/" + year;
    }
}
