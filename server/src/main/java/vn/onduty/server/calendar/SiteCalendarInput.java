package vn.onduty.server.calendar;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * What a client sends to replace a site's calendar, whole. Rules that span fields (an afternoon after
 * its morning, seasons that do not overlap, duty days that are Saturdays) are checked by
 * {@link SiteCalendarRules}.
 */
public record SiteCalendarInput(
        @NotNull @Min(0) @Max(120) Integer lateGraceMinutes,
        @NotNull @Min(0) @Max(120) Integer earlyLeaveGraceMinutes,
        @NotNull @Min(0) @Max(240) Integer punchInBeforeMinutes,
        @NotNull @Min(0) @Max(480) Integer punchOutAfterMinutes,
        @NotNull @Size(max = 14) List<@NotNull @Valid Session> sessions,
        @Size(max = SiteCalendarInput.MAX_SEASONS) List<@NotNull @Valid Season> seasons,
        @Size(max = SiteCalendarInput.MAX_DUTY_SATURDAYS) List<@NotNull @Valid DutySaturday> dutySaturdays) {

    public static final int MAX_SEASONS = 12;
    public static final int MAX_DUTY_SATURDAYS = 1000;

    public record Session(@NotNull DayOfWeek weekday, @NotNull SessionPart part,
                          @NotNull LocalTime start, @NotNull LocalTime end) {}

    /** {@code from} and {@code to} are days of the year written MM-dd, e.g. 10-16 and 04-15. */
    public record Season(@NotBlank @Size(max = 100) String name,
                         @NotNull @Pattern(regexp = "\\d{2}-\\d{2}") String from,
                         @NotNull @Pattern(regexp = "\\d{2}-\\d{2}") String to,
                         @NotNull @Size(max = 14) List<@NotNull @Valid Session> sessions) {}

    public record DutySaturday(@NotNull LocalDate date, @Size(max = 200) String note) {}

    public List<Season> seasonsOrEmpty() {
        return seasons == null ? List.of() : seasons;
    }

    public List<DutySaturday> dutySaturdaysOrEmpty() {
        return dutySaturdays == null ? List.of() : dutySaturdays;
    }
}
