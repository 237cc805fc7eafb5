package vn.onduty.server.retention;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import vn.onduty.server.auth.Caller;

@Path("/api/retention")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Retention", description = "How long each kind of record is kept before the nightly run deletes it")
@SecurityRequirement(name = "bearer")
public class RetentionResource {

    /** A new retention for a kind, in days. */
    public record RetentionInput(Integer days) {}

    private final RetentionService retention;

    public RetentionResource(RetentionService retention) {
        this.retention = retention;
    }

    @GET
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Operation(summary = "How long each kind of record is kept",
            description = "Per kind (AGENT_EVENTS, UNRESOLVED_PUNCHES, OCCUPANCY, CAMERA_SNAPSHOTS, TICKETS, LOGINS, "
                    + "AUDIT_EVENTS): the days kept now, the default and the least an admin may set, and the reason in "
                    + "Vietnamese and English. Everyone signed in may read it: it is what the privacy notice tells. "
                    + "Punches that count, attendance, timesheets (a locked month stays as filed) and leave are never deleted.")
    public List<RetentionService.Setting> list() {
        return retention.current();
    }

    @PUT
    @Path("/{kind}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("ADMIN")
    @Operation(summary = "Change how long a kind of record is kept",
            description = "Body {\"days\": 120}. Refused with 422 below the kind's least (minDays) or above 7300; "
                    + "audited. The next nightly run deletes by the new retention.")
    public RetentionService.Setting update(@Parameter(hidden = true) @Auth Caller caller,
                                           @Parameter(description = "the kind, e.g. AGENT_EVENTS") @PathParam("kind") String kind,
                                           RetentionInput input) {
        RetentionKind k = Arrays.stream(RetentionKind.values()).filter(x -> x.name().equals(kind)).findFirst()
                .orElseThrow(() -> new NotFoundException("No kind of record " + kind));
        return retention.update(k, input == null ? null : input.days(), caller);
    }

    @GET
    @Path("/runs")
    @RolesAllowed("ADMIN")
    @Operation(summary = "The last nightly runs and what each removed",
            description = "removed: per kind the days, the cut-off ('before') and the count removed, or the error.")
    public List<RetentionService.Run> runs() {
        return retention.recentRuns(30);
    }
}
