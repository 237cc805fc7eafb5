package vn.onduty.server.roster;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import vn.onduty.server.calendar.SessionPart;

/**
 * One stored version of a site's weekly template: who staffs each counter in each session of each
 * weekday (Monday to Saturday), in force from {@code validFrom} until {@code validUntil} (inclusive,
 * null for open ended). A counter, weekday and session without an entry is unstaffed under it.
 */
public record TemplateVersion(long id, LocalDate validFrom, LocalDate validUntil, Map<Slot, Officer> slots) {

    /** A counter's session on a weekday. */
    public record Slot(long counterId, DayOfWeek weekday, SessionPart part) {}

    public TemplateVersion {
        slots = Map.copyOf(slots);
    }

    public boolean covers(LocalDate date) {
        return !date.isBefore(validFrom) && (validUntil == null || !date.isAfter(validUntil));
    }
}
