package vn.onduty.server.attendance;

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
import java.time.YearMonth;
import vn.onduty.server.auth.Caller;

@Path("/api/attendance")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Attendance")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class AttendanceResource {

    private final AttendanceService attendance;

    public AttendanceResource(AttendanceService attendance) {
        this.attendance = attendance;
    }

    @GET
    @Path("/daily")
    @Operation(summary = "A site's day: every active officer whose home it is, with both sessions",
            description = "Per session: status (WORKED, LATE, ABSENT, LEAVE, HOLIDAY, DUTY, OFFICIAL_BUSINESS, "
                    + "NOT_SCHEDULED, OPEN), in and out, late and early-leave minutes, the missing punch. "
                    + "Cut to the caller's scope: an officer sees only themself.")
    public AttendanceService.Daily daily(@Parameter(hidden = true) @Auth Caller caller,
                                         @Parameter(description = "YYYY-MM-DD", required = true) @QueryParam("date") LocalDate date,
                                         @Parameter(required = true) @QueryParam("siteId") Long siteId) {
        return attendance.daily(date, siteId, caller);
    }

    @GET
    @Path("/monthly")
    @Operation(summary = "One officer's month: each day's calendar, sessions and punches",
            description = "Officers may read only their own month; supervisors the staff of their scope.")
    public AttendanceService.Monthly monthly(@Parameter(hidden = true) @Auth Caller caller,
                                             @Parameter(required = true) @QueryParam("staffId") Long staffId,
                                             @Parameter(description = "YYYY-MM", required = true, schema = @Schema(type = "string"))
                                             @QueryParam("month") YearMonth month) {
        return attendance.monthly(staffId, month, caller);
    }
}
