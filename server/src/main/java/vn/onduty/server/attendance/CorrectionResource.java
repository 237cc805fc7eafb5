package vn.onduty.server.attendance;

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
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;

@Path("/api/attendance/corrections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Attendance")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class CorrectionResource {

    /** A supervisor's comment on a decision; required to reject. */
    public record DecisionInput(@Size(max = 500) String comment) {}

    private final CorrectionService corrections;

    public CorrectionResource(CorrectionService corrections) {
        this.corrections = corrections;
    }

    @POST
    @Operation(summary = "Ask to correct one's own day",
            description = "MISSING_PUNCH or SENSOR_FAILURE with inTime and/or outTime (HH:mm, the punch to add); "
                    + "OFFICIAL_BUSINESS with parts (MORNING, AFTERNOON, BOTH). One pending request per day.")
    public Response request(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid CorrectionInput input) {
        return Response.status(201).entity(corrections.request(input, caller)).build();
    }

    @GET
    @Operation(summary = "List correction requests, newest first",
            description = "Officers see their own; supervisors those of their scope; admins all. "
                    + "toDecide=true keeps the ones the caller may decide on (not their own).")
    public Page<Correction> list(@Parameter(hidden = true) @Auth Caller caller,
                                 @Parameter(description = "PENDING, APPROVED, REJECTED or CANCELLED") @QueryParam("status") String status,
                                 @QueryParam("staffId") Long staffId, @QueryParam("siteId") Long siteId,
                                 @QueryParam("toDecide") Boolean toDecide,
                                 @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return corrections.list(status(status), staffId, siteId, Boolean.TRUE.equals(toDecide), PageRequest.of(page, size),
                caller);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read one correction request")
    public Correction get(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return corrections.find(id, caller).orElseThrow(() -> new NotFoundException("No correction " + id));
    }

    @POST
    @Path("/{id}/approve")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Operation(summary = "Approve a pending request of an officer in scope",
            description = "Adds the manual punches (or the official-business status) pointing at the request and "
                    + "recomputes the day. Nobody approves their own.")
    public Correction approve(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                              @Valid DecisionInput input) {
        return corrections.decide(id, Correction.Decision.APPROVE, input == null ? null : input.comment(), caller);
    }

    @POST
    @Path("/{id}/reject")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Operation(summary = "Reject a pending request of an officer in scope, saying why (comment required)")
    public Correction reject(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                             @Valid DecisionInput input) {
        return corrections.decide(id, Correction.Decision.REJECT, input == null ? null : input.comment(), caller);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "Cancel one's own pending request")
    public Correction cancel(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return corrections.cancel(id, caller);
    }

    static Correction.Status status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Correction.Status.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.field("status", "must be PENDING, APPROVED, REJECTED or CANCELLED, got '" + value + "'");
        }
    }
}
