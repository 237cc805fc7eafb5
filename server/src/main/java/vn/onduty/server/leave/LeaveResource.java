package vn.onduty.server.leave;

import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
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
import java.net.URI;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import vn.onduty.server.api.BodyLimit;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.staff.PostCategory;
import vn.onduty.server.org.staff.StaffService;

@Path("/api/leave")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Leave")
@SecurityRequirement(name = "bearer")
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
public class LeaveResource {

    /** An officer's post category: the annual leave base (NORMAL 12, HEAVY 14, VERY_HEAVY 16 days). */
    public record PostCategoryInput(@NotNull PostCategory postCategory) {}

    public record AllocationRequest(Integer year) {}

    private final LeaveTypes types;
    private final LeaveLedger ledger;
    private final LeaveRequests requests;
    private final LeaveApprovals approvals;
    private final LeaveCoverage coverage;
    private final StaffService staff;

    public LeaveResource(LeaveTypes types, LeaveLedger ledger, LeaveRequests requests, LeaveApprovals approvals,
                         LeaveCoverage coverage, StaffService staff) {
        this.types = types;
        this.ledger = ledger;
        this.requests = requests;
        this.approvals = approvals;
        this.coverage = coverage;
        this.staff = staff;
    }

    @GET
    @Path("/types")
    @Operation(summary = "Leave types with their rules: paid, balance kept (WARN or BLOCK), half days, documents, legend code")
    public List<LeaveType> types() {
        return types.all();
    }

    @POST
    @Path("/types")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Create a leave type")
    public Response createType(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid LeaveTypeInput input) {
        LeaveType t = types.create(input, caller);
        return Response.created(URI.create("/api/leave/types/" + t.id())).entity(t).build();
    }

    @PUT
    @Path("/types/{id}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Change a leave type's names and rules")
    public LeaveType updateType(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                                @NotNull @Valid LeaveTypeInput input) {
        return types.update(id, input, caller);
    }

    @GET
    @Path("/balances")
    @Operation(summary = "An officer's balances for a year: entitled, taken, pending, remaining per type with a balance",
            description = "Officers see their own (staffId may be left out), supervisors their scope. The year's "
                    + "allocation is written on first use: 12/14/16 days by post category, +1 per full 5 years of service"
                    + " on 1 January, pro rata in the year service started.")
    public List<Balance> balances(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("staffId") Long staffId,
                                  @Parameter(description = "default: this year") @QueryParam("year") Integer year) {
        long id = staffId != null ? staffId : caller.staff()
                .orElseThrow(() -> InvalidInputException.field("staffId", "is required: this account is not linked to an officer"));
        return ledger.balances(id, year == null ? LocalDate.now().getYear() : year, caller);
    }

    @GET
    @Path("/ledger")
    @Operation(summary = "The entitlement ledger of an officer for a year: allocations (with their basis), carry-over, adjustments")
    public List<LeaveDao.LedgerRow> ledger(@Parameter(hidden = true) @Auth Caller caller,
                                           @Parameter(required = true) @QueryParam("staffId") Long staffId,
                                           @Parameter(required = true) @QueryParam("year") Integer year) {
        if (staffId == null || year == null) {
            throw InvalidInputException.field(staffId == null ? "staffId" : "year", "is required");
        }
        return ledger.ledger(staffId, year, caller);
    }

    @POST
    @Path("/adjustments")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Add or take days from an officer's entitlement, with a reason")
    public Response adjust(@Parameter(hidden = true) @Auth Caller caller, @NotNull LeaveLedger.AdjustmentInput input) {
        return Response.status(201).entity(ledger.adjust(input, caller)).build();
    }

    @POST
    @Path("/allocations")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Allocate a year for every active officer who has no allocation yet (1 January)")
    public Map<String, Integer> allocate(@Parameter(hidden = true) @Auth Caller caller, @NotNull AllocationRequest input) {
        return Map.of("written", ledger.allocateYear(input.year(), caller));
    }

    @POST
    @Path("/carry-over")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Carry what is left of a year into the next: up to maxDays per officer, usable until validUntil")
    public Map<String, Integer> carryOver(@Parameter(hidden = true) @Auth Caller caller,
                                          @NotNull LeaveLedger.CarryOverInput input) {
        return Map.of("written", ledger.carryOver(input, caller));
    }

    @PUT
    @Path("/post-category/{staffId}")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Set an officer's post category (annual leave base 12, 14 or 16 days)")
    public Response postCategory(@Parameter(hidden = true) @Auth Caller caller, @PathParam("staffId") long staffId,
                                 @NotNull @Valid PostCategoryInput input) {
        staff.setPostCategory(staffId, input.postCategory(), caller);
        return Response.noContent().build();
    }

    @POST
    @Path("/requests/preview")
    @Operation(summary = "What a request would count: working days (weekends, holidays and swapped days applied) and the balance",
            description = "Nothing is stored. A problem (overlapping days, no working day, a type's limit) comes back in 'problem'.")
    @BodyLimit(LeaveRequestInput.MAX_JSON_BYTES)
    public LeaveRequests.Preview preview(@Parameter(hidden = true) @Auth Caller caller, @NotNull LeaveRequestInput input) {
        return requests.preview(input, caller);
    }

    @POST
    @Path("/requests")
    @Operation(summary = "Request leave: a range of sessions of one type, with a reason and an optional attachment",
            description = "422 when the range counts no working day, breaks the type's rules or (for a BLOCK type) the "
                    + "balance; 409 when it overlaps another live request of the officer. A WARN type over its balance is "
                    + "accepted with balanceWarning set.")
    @BodyLimit(LeaveRequestInput.MAX_JSON_BYTES)
    public Response request(@Parameter(hidden = true) @Auth Caller caller, @NotNull @Valid LeaveRequestInput input) {
        LeaveRequest r = requests.request(input, caller);
        return Response.created(URI.create("/api/leave/requests/" + r.id())).entity(r).build();
    }

    @GET
    @Path("/requests")
    @Operation(summary = "Leave requests in the caller's scope, latest first")
    public Page<LeaveRequest> list(@Parameter(hidden = true) @Auth Caller caller, @QueryParam("staffId") Long staffId,
                                   @QueryParam("status") LeaveRequest.Status status,
                                   @QueryParam("from") LocalDate from, @QueryParam("to") LocalDate to,
                                   @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return requests.list(staffId, status, from, to, PageRequest.of(page, size), caller);
    }

    @GET
    @Path("/requests/{id}")
    @Operation(summary = "One leave request with its chain and decisions (the officer, supervisors in scope, approvers)")
    public LeaveRequest find(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return requests.find(id, caller).orElseThrow(NotFoundException::new);
    }

    @GET
    @Path("/requests/{id}/attachment")
    @Produces({"application/pdf", "image/jpeg", "image/png", MediaType.APPLICATION_JSON})
    @Operation(summary = "The request's attachment, to the officer, its approvers and admins")
    public Response attachment(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        LeaveDao.AttachmentRow a = requests.attachment(id, caller);
        String safe = a.fileName().replaceAll("[^A-Za-z0-9._-]", "_");
        return Response.ok(a.content(), a.contentType())
                .header("Content-Disposition", "attachment; filename=\"" + safe + "\"")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @GET
    @Path("/requests/{id}/coverage")
    @Operation(summary = "The counter sessions the request takes the officer from, with the free officers of the department",
            description = "From the counter roster of the officer's home site: each session the officer is rostered at a"
                    + " counter within the request, whether a substitute already stands in, and who of the same department"
                    + " is free then (not rostered at any site in that session, not on leave). Approving with"
                    + " substituteStaffId chooses that officer; the roster gets them when the last step approves.")
    public List<LeaveCoverage.Coverage> coverage(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return coverage.of(id, caller);
    }

    @POST
    @Path("/requests/{id}/approve")
    @Operation(summary = "Approve the step a request waits at (or allow a cancellation)",
            description = "step is the step being decided; 409 when it was decided meanwhile. The last step's approval "
                    + "makes the leave count. Nobody approves their own request (403).")
    public LeaveRequest approve(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                                @NotNull LeaveApprovals.DecisionInput input) {
        return approvals.approve(id, input, caller);
    }

    @POST
    @Path("/requests/{id}/reject")
    @Operation(summary = "Reject a request at its step, with a comment (or refuse a cancellation)")
    public LeaveRequest reject(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                               @NotNull LeaveApprovals.DecisionInput input) {
        return approvals.reject(id, input, caller);
    }

    @POST
    @Path("/requests/{id}/cancel")
    @Operation(summary = "Cancel a request: at once while pending or before the leave begins; once begun, an approver decides")
    public LeaveRequest cancel(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id,
                               LeaveRequests.CancelInput input) {
        return requests.cancel(id, input, caller);
    }

    @GET
    @Path("/inbox")
    @Operation(summary = "Requests waiting for the caller's decision (as named approver, supervisor or delegate)")
    public List<LeaveRequest> inbox(@Parameter(hidden = true) @Auth Caller caller) {
        return approvals.inbox(caller);
    }

    @GET
    @Path("/chains")
    @Operation(summary = "Approval chains of sites and departments (a department's chain applies before its site's)")
    public List<LeaveApprovals.Chain> chains() {
        return approvals.chains();
    }

    @PUT
    @Path("/chains")
    @RolesAllowed("ADMIN")
    @Operation(summary = "Set the approval chain of a site or a department; no steps removes it")
    public Response setChain(@Parameter(hidden = true) @Auth Caller caller, @NotNull LeaveApprovals.ChainInput input) {
        return approvals.setChain(input, caller).map(c -> Response.ok(c).build()).orElse(Response.noContent().build());
    }

    @GET
    @Path("/delegations")
    @Operation(summary = "Delegations from or to the caller (all for admins)")
    public List<LeaveDao.DelegationRow> delegations(@Parameter(hidden = true) @Auth Caller caller) {
        return approvals.delegations(caller);
    }

    @POST
    @Path("/delegations")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Operation(summary = "Hand one's approvals to another account while away (from and to dates)")
    public Response delegate(@Parameter(hidden = true) @Auth Caller caller, @NotNull LeaveApprovals.DelegationInput input) {
        return Response.status(201).entity(approvals.delegate(input, caller)).build();
    }

    @POST
    @Path("/delegations/{id}/revoke")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Operation(summary = "End a delegation now (the account that delegated, or an admin)",
            description = "From this moment the delegate no longer decides in the delegator's name: requests that waited"
                    + " in the delegate's inbox wait for the delegator again. 403 for the delegate, 404 for anyone else"
                    + " not party to it, 409 when it was already revoked or has ended.")
    public LeaveDao.DelegationRow revokeDelegation(@Parameter(hidden = true) @Auth Caller caller, @PathParam("id") long id) {
        return approvals.revokeDelegation(id, caller);
    }

    @GET
    @Path("/calendar/{month}")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Operation(summary = "The team calendar of a month for a site or a department: leave per officer and day, holidays")
    public TeamCalendar calendar(@Parameter(hidden = true) @Auth Caller caller,
                                 @Parameter(description = "yyyy-MM", example = "2026-12", schema = @Schema(type = "string"))
                                 @PathParam("month") YearMonth month,
                                 @QueryParam("siteId") Long siteId, @QueryParam("departmentId") Long departmentId) {
        return coverage.teamCalendar(month, siteId, departmentId, caller);
    }
}
