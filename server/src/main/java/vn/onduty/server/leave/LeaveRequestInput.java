package vn.onduty.server.leave;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import vn.onduty.server.api.BodyLimit;
import vn.onduty.server.calendar.SessionPart;

/**
 * A new leave request. staffId may be left out by an officer (their own); an admin names the officer.
 * The attachment, if any, travels as base64 (at most 2 MB once decoded; PDF, JPEG or PNG). For paternity leave and
 * leave for a sick child, childBirthDate is the child's date of birth; for paternity leave, children is how many were
 * born (1 if left out) and surgery whether by caesarean or before 32 weeks.
 */
public record LeaveRequestInput(
        Long staffId,
        @NotNull Long leaveTypeId,
        @NotNull LocalDate startDate,
        SessionPart startPart,
        @NotNull LocalDate endDate,
        SessionPart endPart,
        @Size(max = 1000) String reason,
        @Valid Attachment attachment,
        LocalDate childBirthDate,
        @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(9) Integer children,
        Boolean surgery) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public LeaveRequestInput {
    }

    public LeaveRequestInput(Long staffId, Long leaveTypeId, LocalDate startDate, SessionPart startPart,
                             LocalDate endDate, SessionPart endPart, String reason, Attachment attachment) {
        this(staffId, leaveTypeId, startDate, startPart, endDate, endPart, reason, attachment, null, null, null);
    }

    /** The largest body that can carry one: the attachment in base64 (4 characters for 3 bytes) and the rest. */
    public static final long MAX_JSON_BYTES = (LeaveRequests.MAX_ATTACHMENT_BYTES + 2) / 3 * 4 + BodyLimit.ENVELOPE;

    public record Attachment(@NotBlank @Size(max = 200) String fileName, @NotBlank String contentType,
                             @NotBlank String base64) {}

    public SessionPart startPartOrDefault() {
        return startPart == null ? SessionPart.MORNING : startPart;
    }

    public SessionPart endPartOrDefault() {
        return endPart == null ? SessionPart.AFTERNOON : endPart;
    }
}
