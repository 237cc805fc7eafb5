package vn.onduty.server.org.staff;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/** What a client sends to create or replace a staff record. */
public record StaffInput(
        @NotBlank @Size(max = 32) @Pattern(regexp = "[A-Za-z0-9._-]+", message = "may contain only letters, digits, '.', '_' and '-'") String code,
        @NotBlank @Size(max = 200) String fullName,
        @NotNull Long departmentId,
        @NotNull Long homeSiteId,
        @Size(max = 200) String position,
        @PastOrPresent LocalDate serviceStartDate,
        @Email @Size(max = 200) String email,
        @Size(max = 32) @Pattern(regexp = "[0-9 +().-]*", message = "may contain only digits, spaces and + ( ) . -") String phone) {}
