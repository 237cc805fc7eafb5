package vn.onduty.server.attendance;

import java.time.LocalDate;

/** One officer's business day: the unit attendance is computed and replaced in. */
public record StaffDay(long staffId, LocalDate date) implements Comparable<StaffDay> {

    @Override
    public int compareTo(StaffDay o) {
        int c = Long.compare(staffId, o.staffId);
        return c != 0 ? c : date.compareTo(o.date);
    }
}
