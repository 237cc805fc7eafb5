package vn.onduty.server.calendar;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;

/**
 * What a client sends to add or replace a day in a year's schedule. {@code siteId} null means
 * nationwide. {@code reason} is required once the year is confirmed, and kept in the audit log.
 */
public record HolidayInput(
        @NotNull LocalDate date,
        Long siteId,
        @NotNull HolidayKind kind,
        @NotBlank @Size(max = 200) String name,
        @Size(max = 500) String reason) {}
