package vn.onduty.server.timesheet;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.YearMonth;
import java.util.List;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.db.ReplicaReads;

@Path("/api/timesheets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Timesheets")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"SUPERVISOR", "ADMIN"})
public class TimesheetResource {

    public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /** Why a filed month is reopened. */
    public record UnlockRequest(String reason) {}

    private final TimesheetService timesheets;
    private final TimesheetXlsx xlsx = new TimesheetXlsx();

    public TimesheetResource(TimesheetService timesheets) {
        this.timesheets = timesheets;
    }

    @GET
    @Path("/{month}")
    @Produces({MediaType.APPLICATION_JSON, XLSX})
    @Operation(summary = "A month's timesheet (bảng chấm công, form C01a-HD) of a site or of one department at it",
            description = "One row per officer, a cell per day with the legend symbols (a half day shows both sessions,"
                    + " morning first, e.g. +/P) and the totals in days: paid by time, unpaid, paid by social insurance."
                    + " format=xlsx gives the same cells as an Excel file in the form's layout. A locked month gives the"
                    + " sheet as filed. With a streaming replica configured (database.readUrl) the live rows may be read"
                    + " from it: the X-OnDuty-Read-From header says where, and how far behind the primary it was.",
            responses = @ApiResponse(responseCode = "200", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Timesheet.class)),
                    @Content(mediaType = XLSX)},
                    headers = @Header(name = ReplicaReads.HEADER, schema = @Schema(type = "string"),
                            description = "primary, 'replica; caught-up', or 'replica; lag=2.4' (seconds behind the"
                                    + " primary when the sheet was read)")))
    public Response get(@Parameter(hidden = true) @Auth Caller caller,
                        @Parameter(description = "yyyy-MM", example = "2026-11", schema = @Schema(type = "string"))
                        @PathParam("month") YearMonth month,
                        @Parameter(required = true) @QueryParam("siteId") Long siteId,
                        @QueryParam("departmentId") Long departmentId,
                        @Parameter(description = "json (default) or xlsx") @QueryParam("format") String format) {
        ReplicaReads.Read<Timesheet> read = timesheets.sheetRead(month, required(siteId), departmentId, caller);
        Timesheet sheet = read.value();
        String f = format == null || format.isBlank() ? "json" : format.strip().toLowerCase(java.util.Locale.ROOT);
        return switch (f) {
            case "json" -> Response.ok(sheet, MediaType.APPLICATION_JSON_TYPE)
                    .header(ReplicaReads.HEADER, read.from().header()).build();
            case "xlsx" -> Response.ok((StreamingOutput) out -> xlsx.write(sheet, out), XLSX)
                    .header(ReplicaReads.HEADER, read.from().header())
                    .header("Content-Disposition", "attachment; filename=\"" + fileName(sheet) + "\"").build();
            default -> throw InvalidInputException.field("format", "must be json or xlsx, got '" + format + "'");
        };
    }

    @GET
    @Path("/{month}/overtime")
    @Operation(summary = "A month's overtime sheet (bảng chấm công làm thêm giờ, form C01b-HD) of a site or department",
            description = "The officers who worked outside the working week (duty Saturdays), the hours of each day, and"
                    + " the hours added up by kind of day: working day, Saturday or Sunday, holiday, night. Files beside"
                    + " the monthly timesheet, where such days show their own symbol and count in no total.")
    public OvertimeSheet overtime(@Parameter(hidden = true) @Auth Caller caller,
                                  @Parameter(description = "yyyy-MM", example = "2026-11", schema = @Schema(type = "string"))
                                  @PathParam("month") YearMonth month,
                                  @Parameter(required = true) @QueryParam("siteId") Long siteId,
                                  @QueryParam("departmentId") Long departmentId) {
        return timesheets.overtime(month, required(siteId), departmentId, caller);
    }

    @GET
    @Path("/form")
    @Operation(summary = "The header lines of the timesheet forms and each department's paying unit",
            description = "Form code and legal basis (Circular 24/2024/TT-BTC by default), the overtime form's code, and"
                    + " per department the unit printed under \"Đơn vị\" with its budget relation code (Mã QHNS).")
    public TimesheetService.FormSettings form() {
        return timesheets.formSettings();
    }

    @PUT
    @Path("/form")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Change the forms' header lines and set departments' paying units (administrators)")
    public TimesheetService.FormSettings updateForm(@Parameter(hidden = true) @Auth Caller caller,
                                                    @NotNull TimesheetService.FormSettings input) {
        return timesheets.updateForm(input, caller);
    }

    @POST
    @Path("/{month}/lock")
    @Operation(summary = "Lock (file) a month's timesheet of a site or a department",
            description = "Freezes the sheet as it stands; later changes to attendance of the month need an administrator."
                    + " 409 when already locked.")
    public Timesheet lock(@Parameter(hidden = true) @Auth Caller caller,
                          @Parameter(description = "yyyy-MM", schema = @Schema(type = "string")) @PathParam("month")
                          YearMonth month,
                          @Parameter(required = true) @QueryParam("siteId") Long siteId,
                          @QueryParam("departmentId") Long departmentId) {
        return timesheets.lock(month, required(siteId), departmentId, caller);
    }

    @POST
    @Path("/{month}/unlock")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Reopen a locked month (administrators, with a reason)",
            description = "The filed sheet stays in the record and in the audit log.")
    public Timesheet unlock(@Parameter(hidden = true) @Auth Caller caller,
                            @Parameter(description = "yyyy-MM", schema = @Schema(type = "string")) @PathParam("month")
                            YearMonth month,
                            @Parameter(required = true) @QueryParam("siteId") Long siteId,
                            @QueryParam("departmentId") Long departmentId, @NotNull UnlockRequest request) {
        return timesheets.unlock(month, required(siteId), departmentId, request.reason(), caller);
    }

    @GET
    @Path("/symbols")
    @RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
    @Operation(summary = "The timesheet legend: symbol per attendance status and leave code, and the total it counts in")
    public List<TimesheetSymbol> symbols() {
        return timesheets.symbols();
    }

    @PUT
    @Path("/symbols/{code}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Change a legend entry's symbol, labels or total")
    public TimesheetSymbol updateSymbol(@Parameter(hidden = true) @Auth Caller caller, @PathParam("code") String code,
                                        @NotNull TimesheetService.SymbolInput input) {
        return timesheets.updateSymbol(code, input, caller);
    }

    private static long required(Long siteId) {
        if (siteId == null) {
            throw InvalidInputException.field("siteId", "is required");
        }
        return siteId;
    }

    static String fileName(Timesheet sheet) {
        return "bang-cham-cong-" + sheet.month() + "-site-" + sheet.siteId()
                + (sheet.departmentId() == null ? "" : "-department-" + sheet.departmentId()) + ".xlsx";
    }
}
