package vn.onduty.server.roster;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import vn.onduty.server.calendar.SessionPart;

/**
 * A site's weekly template, whole, in force from {@code validFrom} (today or later) until
 * {@code validUntil} (inclusive; null for open ended). A counter's session left out is unstaffed.
 */
public record TemplateInput(
        @NotNull LocalDate validFrom,
        LocalDate validUntil,
        @Size(max = 500) String note,
        @NotNull @Size(max = MAX_SLOTS) List<@NotNull @Valid Slot> slots) {

    /** 200 counters, six days, two sessions. */
    public static final int MAX_SLOTS = 2400;

    /** Who staffs a counter in a session of a weekday (MONDAY..SATURDAY). */
    public record Slot(@NotNull Long counterId, @NotNull DayOfWeek weekday, @NotNull SessionPart part,
                       @NotNull Long staffId) {}
}
