package vn.onduty.server.leave;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;

/** A leave type as an admin creates or changes it. */
public record LeaveTypeInput(
        @NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{0,31}", message = "must be capital letters, digits and _, e.g. ANNUAL") String code,
        @NotBlank @Size(max = 200) String nameVi,
        @NotBlank @Size(max = 200) String nameEn,
        @NotBlank String timesheetCode,
        @NotNull Boolean paid,
        @NotNull LeaveType.BalanceRule balanceRule,
        @NotNull LeaveType.Allocation allocation,
        @DecimalMin("0") @DecimalMax("366") BigDecimal yearlyDays,
        @DecimalMin("0.5") @DecimalMax("366") BigDecimal maxDays,
        @NotNull Boolean halfDaysAllowed,
        @NotNull Boolean documentRequired,
        Integer sortOrder,
        Boolean active,
        Boolean countsCalendarDays,
        LeaveType.LimitRule limitRule,
        @jakarta.validation.constraints.Min(1) @jakarta.validation.constraints.Max(366) Integer eventWindowDays) {}
