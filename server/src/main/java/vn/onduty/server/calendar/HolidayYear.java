package vn.onduty.server.calendar;

import java.time.Instant;
import java.util.List;

/** A year's holiday schedule and how far it has got: computed, stored as a draft, or confirmed. */
public record HolidayYear(int year, Status status, Instant confirmedAt, String confirmedBy, List<Holiday> days) {

    public enum Status {
        /** Nothing stored yet: the days are the computed suggestions, and they apply as they are. */
        SUGGESTED,
        /** Stored and being edited; applies, but is not the official schedule yet. */
        DRAFT,
        /** The official schedule; later changes need a reason and keep what they replace. */
        CONFIRMED
    }

    public boolean confirmed() {
        return status == Status.CONFIRMED;
    }
}
