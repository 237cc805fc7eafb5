package vn.onduty.server.privacy;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What an administrator sets: the controller (the unit that decides the processing, e.g. the center), whom officers
 * contact, how many months after the end of service their records keep their name, and the notice's text in each
 * language; a blank or unchanged default text keeps the default (which follows the server's updates).
 */
public record NoticeInput(
        @NotBlank @Size(max = 300) String controller,
        @NotBlank @Size(max = 1000) String contact,
        @NotNull @Min(0) @Max(1200) Integer anonymiseAfterMonths,
        @Size(max = 20000) String textVi,
        @Size(max = 20000) String textEn) {}
