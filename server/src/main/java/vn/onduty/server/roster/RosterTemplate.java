package vn.onduty.server.roster;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import vn.onduty.server.calendar.SessionPart;

/** A template version as the API shows it: its validity and every slot with the officer's name. */
public record RosterTemplate(long id, long siteId, LocalDate validFrom, LocalDate validUntil, String note,
                             Instant createdAt, Long createdByUserId, List<Slot> slots) {

    public record Slot(long counterId, int counterNumber, DayOfWeek weekday, SessionPart part, Officer officer) {}

    public RosterTemplate {
        slots = List.copyOf(slots);
    }
}
