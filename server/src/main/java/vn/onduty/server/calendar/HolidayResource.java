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
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import vn.onduty.server.auth.Caller;

@Path("/api/holidays")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Calendar")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class HolidayResource {

    private final HolidayService holidays;

    public HolidayResource(HolidayService holidays) {
        this.holidays = holidays;
    }

    @GET
    @Operation(summary = "A year's holiday schedule",
            description = "Status SUGGESTED: nothing stored yet, the computed suggestions apply; DRAFT: stored, not"
                    + " confirmed; CONFIRMED: the official schedule. Nationwide days, plus one site's own (siteId)"
                    + " or every site's (no siteId). Withdrawn days are listed with withdrawnAt.")
    public HolidayYear year(@Parameter(description = "e.g. 2026", required = true) @QueryParam("year") Integer year,
                            @QueryParam("siteId") Long siteId) {
        if (year == null) {
            throw CalendarRuleException.of("year", "required", "is required, e.g. ?year=2026");
        }
        return holidays.year(year, siteId);
    }

    @POST
    @Path("/{year}/suggest")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Store the computed suggestions of a year",
            description = "Fixed solar holidays, Tết (5 days) and Hùng Kings' day from the lunar calendar, 1 or 3 Sep,"
                    + " and compensatory days for those on a weekend. Adds only what is missing: calling it again"
                    + " changes nothing. Refused (409) once the year is confirmed.")
    public HolidayYear suggest(@Parameter(hidden = true) @Auth Caller caller, @PathParam("year") int year) {
        return holidays.suggest(year, caller);
    }

    @POST
    @Path("/{year}/confirm")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Confirm a year's schedule as the official one",
            description = "Stores the suggestions first if nothing was stored. From then on every change needs a reason,"
                    + " and removed or changed days are kept as withdrawn.")
    public HolidayYear confirm(@Parameter(hidden = true) @Auth Caller caller, @PathParam("year") int year) {
        return holidays.confirm(year, caller);
    }

    @GET
    @Path("/days/{id}")
    @Operation(summary = "Read one day of a schedule")
    public Holiday get(@PathParam("id") long id) {
        return holidays.find(id).orElseThrow(() -> new NotFoundException("No holiday entry " + id));
    }

    @POST
    @Path("/days")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Add a day off or a swapped working day",
            description = "siteId null: nationwide. A WORKING_DAY must be a Saturday or Sunday. reason is required once"
                    + " the year is confirmed.")
    public Response create(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid HolidayInput input) {
        return Response.status(201).entity(holidays.create(input, caller)).build();
    }

    @PUT
    @Path("/days/{id}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Change a day",
            description = "Before the year is confirmed the entry is changed in place. After, reason is required: the"
                    + " entry is withdrawn and the answer is its replacement, a new entry whose replacesId points at it.")
    public Holiday update(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                          @NotNull @Valid HolidayInput input) {
        return holidays.update(id, input, caller);
    }

    @DELETE
    @Path("/days/{id}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Remove a day",
            description = "Before the year is confirmed the entry is deleted. After, reason is required and the entry is"
                    + " kept, withdrawn, as history.")
    public Response delete(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                           @Parameter(description = "why; required once the year is confirmed") @QueryParam("reason") String reason) {
        holidays.delete(id, reason, caller);
        return Response.noContent().build();
    }
}
