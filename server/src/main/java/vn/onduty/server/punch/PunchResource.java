package vn.onduty.server.punch;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.List;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;

@Path("/api/punches")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Attendance")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class PunchResource {

    public record Resolution(@NotNull Long staffId, @Size(max = 500) String note) {}

    public record TimeAcceptance(@Size(max = 500) String note) {}

    private final PunchService punches;

    public PunchResource(PunchService punches) {
        this.punches = punches;
    }

    @GET
    @Operation(summary = "List punches between two dates (inclusive, in each site's zone)",
            description = "Officers see only their own; supervisors the staff of their scope; admins all, including unresolved ones.")
    public Page<Punch> list(@Parameter(hidden = true) @Auth Caller caller,
                            @Parameter(description = "YYYY-MM-DD", required = true) @QueryParam("from") LocalDate from,
                            @Parameter(description = "YYYY-MM-DD", required = true) @QueryParam("to") LocalDate to,
                            @QueryParam("staffId") Long staffId, @QueryParam("siteId") Long siteId,
                            @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return punches.list(from, to, staffId, siteId, PageRequest.of(page, size), caller);
    }

    @GET
    @Path("/unresolved")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Punches from sensor slots nobody was enrolled in, newest first")
    public List<Punch> unresolved(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("siteId") Long siteId) {
        return punches.unresolved(siteId, caller);
    }

    @GET
    @Path("/time-flagged")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Punches whose device time was not believed, waiting ones first",
            description = "A punch stamped more than deviceTime.maxAhead (5 minutes) ahead of the server's clock when it "
                    + "arrived, or earlier than deviceTime.horizon (40 days) before it, is stored with timeFlag ahead or "
                    + "before_horizon and counts for nothing in attendance until an admin accepts it. accepted=false lists "
                    + "only those waiting, true only those accepted.")
    public List<Punch> timeFlagged(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("siteId") Long siteId,
                                   @QueryParam("accepted") Boolean accepted) {
        return punches.timeFlagged(siteId, accepted, caller);
    }

    @POST
    @Path("/{id}/accept-time")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Accept the device time of a flagged punch",
            description = "Adds an acceptance record (audited); attendance then counts the punch at its time. 409 when its "
                    + "time was not flagged or is already accepted.")
    public Punch acceptTime(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                            @Valid TimeAcceptance acceptance) {
        return punches.acceptTime(id, acceptance == null ? null : acceptance.note(), caller);
    }

    @POST
    @Path("/{id}/resolve")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Say whose an unresolved punch was", description = "Adds a resolution record; the punch itself is not edited.")
    public Punch resolve(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                         @NotNull @Valid Resolution resolution) {
        return punches.resolve(id, resolution.staffId(), resolution.note(), caller);
    }
}
