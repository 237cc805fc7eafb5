package vn.onduty.server.roster;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import vn.onduty.server.calendar.SessionPart;

/**
 * A change to one session of one date at one counter. ASSIGN needs staffId; CLOSED takes no officer;
 * SUBSTITUTION needs staffId (who stands in) and a reason, and replacedStaffId defaults to the officer
 * rostered there.
 */
public record ChangeInput(
        @NotNull Long counterId,
        @NotNull LocalDate date,
        @NotNull SessionPart part,
        @NotNull ChangeKind kind,
        Long staffId,
        Long replacedStaffId,
        @Size(max = 500) String reason) {}
