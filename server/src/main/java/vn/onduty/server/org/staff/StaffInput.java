package vn.onduty.server.org.staff;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What a client sends to create or replace a staff record. Left out: {@code staffCategory} is a civil servant,
 * {@code regionalAllowance} 0, the others empty. {@code endOfServiceDate} may lie ahead (a planned retirement) and
 * must not be before {@code serviceStartDate}.
 */
public record StaffInput(
        @NotBlank @Size(max = 32) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may contain only letters, digits, '.', '_' and '-'") String code,
        @NotBlank @Size(max = 200) String fullName,
        @NotNull Long departmentId,
        @NotNull Long homeSiteId,
        @Size(max = 200) String position,
        @PastOrPresent LocalDate serviceStartDate,
        LocalDate endOfServiceDate,
        StaffCategory staffCategory,
        @Size(max = 200) String grade,
        @Size(max = 16) @Pattern(regexp = "[0-9A-Za-z.]*", message = "may contain only letters, digits and '.', e.g. 01.003") String gradeCode,
        @DecimalMin("0") @DecimalMax("1.0") BigDecimal regionalAllowance,
        @Email @Size(max = 200) String email,
        @Size(max = 32) @Pattern(regexp = "[0-9 +().-]*", message = "may contain only digits, spaces and + ( ) . -") String phone) {

    public StaffCategory staffCategoryOrDefault() {
        return staffCategory == null ? StaffCategory.CIVIL_SERVANT : staffCategory;
    }

    public BigDecimal regionalAllowanceOrZero() {
        return regionalAllowance == null ? BigDecimal.ZERO : regionalAllowance;
    }
}
