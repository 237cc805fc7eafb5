package vn.onduty.server.attendance;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * A request to correct one's own day. MISSING_PUNCH and SENSOR_FAILURE give {@code inTime} and/or
 * {@code outTime} (HH:mm at the officer's home site); OFFICIAL_BUSINESS gives {@code parts}.
 */
public record CorrectionInput(
        @NotNull LocalDate date,
        @NotNull Correction.Kind kind,
        @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a time such as 07:30") String inTime,
        @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a time such as 17:00") String outTime,
        Correction.Parts parts,
        @NotBlank @Size(max = 500) String reason) {}
