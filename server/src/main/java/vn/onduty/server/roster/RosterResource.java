package vn.onduty.server.roster;

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
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.List;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.auth.Caller;

@Path("/api/roster")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Roster")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class RosterResource {

    private final RosterService roster;

    public RosterResource(RosterService roster) {
        this.roster = roster;
    }

    @GET
    @Operation(summary = "A site's effective roster on a date",
            description = "Every active counter times every session the working calendar has that date (none on holidays"
                    + " and rest days, the morning only on a duty Saturday): the officer or null, and whether it comes from"
                    + " the TEMPLATE, a day CHANGE or a SUBSTITUTION (with the officer substituted and the reason; leave names the"
                    + " approved leave request a SUBSTITUTION covers, when leave approval made it)."
                    + " For admins, the site's supervisors, department supervisors and the site's own officers.")
    public RosterDay day(@Parameter(hidden = true) @Auth Caller caller,
                         @Parameter(required = true) @QueryParam("siteId") Long siteId,
                         @Parameter(description = "YYYY-MM-DD", required = true) @QueryParam("date") LocalDate date) {
        return roster.day(site(siteId), required("date", date), caller);
    }

    @GET
    @Path("/range")
    @Operation(summary = "A site's effective roster for each date of a range",
            description = "from and to inclusive, at most " + RosterService.MAX_API_DAYS + " days (a week, a month).")
    public List<RosterDay> range(@Parameter(hidden = true) @Auth Caller caller,
                                 @Parameter(required = true) @QueryParam("siteId") Long siteId,
                                 @Parameter(description = "YYYY-MM-DD", required = true) @QueryParam("from") LocalDate from,
                                 @Parameter(description = "YYYY-MM-DD", required = true) @QueryParam("to") LocalDate to) {
        return roster.range(site(siteId), required("from", from), required("to", to), caller);
    }

    @GET
    @Path("/template")
    @Operation(summary = "A site's weekly template in force on a date, and all its versions",
            description = "date defaults to today at the site; inForce is null when no template covers it.")
    public RosterService.TemplateView template(@Parameter(hidden = true) @Auth Caller caller,
                                               @Parameter(required = true) @QueryParam("siteId") Long siteId,
                                               @Parameter(description = "YYYY-MM-DD") @QueryParam("date") LocalDate date) {
        return roster.template(site(siteId), date, caller);
    }

    @PUT
    @Path("/template")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Operation(summary = "Replace a site's weekly template from a date on",
            description = "Stores a new version, whole: validFrom today or later, validUntil optional (inclusive). Dates"
                    + " before validFrom keep their roster. Slots: counterId, weekday MONDAY..SATURDAY, part, staffId (an"
                    + " active officer whose home site is the site). 409 when an officer would staff two counters in one"
                    + " session: in the template, against a day change already made, or against another site's roster"
                    + " (an officer transferred may still be on the old site's template); the message names the first"
                    + " date on which it would, the officer, the session and the other site's counter.")
    public RosterTemplate replaceTemplate(@Parameter(hidden = true) @Auth Caller caller,
                                          @Parameter(required = true) @QueryParam("siteId") Long siteId,
                                          @NotNull @Valid TemplateInput input) {
        return roster.replaceTemplate(site(siteId), input, caller);
    }

    @POST
    @Path("/changes")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Operation(summary = "Change one session of one date at one counter",
            description = "kind ASSIGN (staffId staffs it), CLOSED (nobody does) or SUBSTITUTION (staffId stands in for"
                    + " the officer rostered, replacedStaffId, with a reason). The latest change of a session is in force."
                    + " 409 when the officer is already on another counter in that session, at this site or another;"
                    + " the message names the other counter and its site.")
    public Response addChange(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid ChangeInput input) {
        return Response.status(201).entity(roster.addChange(input, caller)).build();
    }

    @GET
    @Path("/changes/{id}")
    @Operation(summary = "Read one day change")
    public RosterChange change(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return roster.change(id, caller).orElseThrow(() -> new NotFoundException("No roster change " + id));
    }

    @POST
    @Path("/changes/{id}/revoke")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Operation(summary = "Withdraw a day change",
            description = "Recorded as a revocation; the session falls back to the previous change in force, else the template."
                    + " 409 when already revoked, or when the fallback would double-book an officer (at this site or"
                    + " against another site's roster).")
    public RosterChange revoke(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                               @Valid RevokeInput input) {
        return roster.revoke(id, input, caller);
    }

    private static long site(Long siteId) {
        if (siteId == null) {
            throw InvalidInputException.field("siteId", "is required");
        }
        return siteId;
    }

    private static LocalDate required(String name, LocalDate value) {
        if (value == null) {
            throw InvalidInputException.field(name, "is required, e.g. 2026-03-02");
        }
        return value;
    }
}
