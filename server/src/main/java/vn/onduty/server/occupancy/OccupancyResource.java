package vn.onduty.server.occupancy;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Params;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.counter.Counter;

/** Counter presence from cameras: intervals and coverage of opening hours. Supervisors of the site and admins. */
@Path("/api/occupancy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Counter presence")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"SUPERVISOR", "ADMIN"})
public class OccupancyResource {

    private final OccupancyService occupancy;

    public OccupancyResource(OccupancyService occupancy) {
        this.occupancy = occupancy;
    }

    @GET
    @Path("/intervals")
    @Operation(summary = "A counter's occupied / empty / unknown intervals over a range",
            description = "from and to are ISO instants (2026-11-26T00:00:00Z) or dates (2026-11-26, a whole day in the "
                    + "site's zone; to inclusive). Intervals are clipped to the range; one still open has end null. "
                    + "An unknown interval has a reason (agent_start, stream_lost, global_change, not_calibrated, "
                    + "camera_removed, or agent_crash for the gap the server infers after a crash). At most 93 days.")
    public List<OccupancyInterval> intervals(@Parameter(hidden = true) @Auth Caller caller,
                                             @QueryParam("counterId") Long counterId,
                                             @Parameter(schema = @Schema(type = "string")) @QueryParam("from")
                                             Params.Moment from,
                                             @Parameter(schema = @Schema(type = "string")) @QueryParam("to")
                                             Params.Moment to) {
        if (counterId == null) {
            throw InvalidInputException.field("counterId", "is required");
        }
        Counter counter = occupancy.counter(counterId);
        ZoneId zone = ZoneId.of(occupancy.site(counter.siteId()).timeZone());
        return occupancy.intervals(counterId, required("from", from).start(zone), required("to", to).end(zone),
                caller);
    }

    @GET
    @Path("/coverage")
    @Operation(summary = "How each watched counter of a site was covered during the day's opening sessions",
            description = "Per counter: minutes of opening sessions (from the site's working calendar, up to now) "
                    + "occupied, empty and unknown, the percent occupied, and the longest empty spell within a session.")
    public OccupancyService.SiteCoverage coverage(@Parameter(hidden = true) @Auth Caller caller,
                                                  @QueryParam("siteId") Long siteId, @QueryParam("date") LocalDate date) {
        if (siteId == null) {
            throw InvalidInputException.field("siteId", "is required");
        }
        if (date == null) {
            throw InvalidInputException.field("date", "is required, e.g. 2026-11-26");
        }
        return occupancy.coverage(siteId, date, caller);
    }

    private static Params.Moment required(String field, Params.Moment value) {
        if (value == null) {
            throw InvalidInputException.field(field, "is required: an instant such as 2026-11-26T00:00:00Z or a date");
        }
        return value;
    }
}
