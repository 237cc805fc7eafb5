package vn.onduty.server.calendar;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import vn.onduty.server.auth.Caller;

@Path("/api/sites/{id}/calendar")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Calendar")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class SiteCalendarResource {

    private final SiteCalendarService calendars;

    public SiteCalendarResource(SiteCalendarService calendars) {
        this.calendars = calendars;
    }

    @GET
    @Operation(summary = "A site's working calendar",
            description = "Sessions per weekday, seasons, grace minutes, punch windows and duty Saturdays;"
                    + " configured false means the default calendar applies.")
    public SiteCalendar get(@PathParam("id") long id) {
        return calendars.get(id);
    }

    @PUT
    @RolesAllowed("ADMIN")
    @Operation(summary = "Replace a site's working calendar, whole",
            description = "Times as HH:mm in the site's zone; season from/to as MM-dd, recurring every year.")
    public SiteCalendar replace(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                                @NotNull @Valid SiteCalendarInput input) {
        return calendars.replace(id, input, caller);
    }

    @GET
    @Path("/days")
    @Operation(summary = "What each date is at the site, and how many are working days",
            description = "Holidays, swapped working days, duty Saturdays and sessions with grace and punch windows,"
                    + " from and to inclusive, at most 3660 days.")
    public SiteCalendarService.Days days(@PathParam("id") long id,
                                        @Parameter(description = "YYYY-MM-DD", required = true) @QueryParam("from") LocalDate from,
                                        @Parameter(description = "YYYY-MM-DD", required = true) @QueryParam("to") LocalDate to) {
        return calendars.days(id, required("from", from), required("to", to));
    }

    private static LocalDate required(String name, LocalDate value) {
        if (value == null) {
            throw CalendarRuleException.of(name, "required", "is required, e.g. 2026-02-01");
        }
        return value;
    }
}
