package vn.onduty.server.leave;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffService;
import vn.onduty.server.timesheet.TimesheetService;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/** Admin pages for leave: the types and their rules, the approval chains, and the entitlements (allocate, carry over, adjust). */
@Path("/admin/leave")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class LeaveAdminPages {

    static final Set<String> DONE = Set.of("saved", "created", "allocated", "carried", "adjusted");

    private final Web web;
    private final LeaveTypes types;
    private final LeaveLedger ledger;
    private final LeaveApprovals approvals;
    private final TimesheetService timesheets;
    private final StaffService staff;
    private final OrgChoices org;
    private final Clock clock;

    public LeaveAdminPages(Web web, LeaveTypes types, LeaveLedger ledger, LeaveApprovals approvals,
                           TimesheetService timesheets, StaffService staff, OrgChoices org, Clock clock) {
        this.web = web;
        this.types = types;
        this.ledger = ledger;
        this.approvals = approvals;
        this.timesheets = timesheets;
        this.staff = staff;
        this.org = org;
        this.clock = clock;
    }

    // --- types

    @GET
    @Path("types")
    public PageView types(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        return typesPage(web.context(request), done, List.of(), null);
    }

    @POST
    @Path("types/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveType(@Context ContainerRequestContext request, @PathParam("id") String id,
                             MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Long typeId = "new".equals(id) ? null : Forms.id(id);
        if (typeId == null && !"new".equals(id)) {
            throw new NotFoundException();
        }
        try {
            LeaveTypeInput in = typeInput(form);
            if (typeId == null) {
                types.create(in, ctx.caller());
            } else {
                types.update(typeId, in, ctx.caller());
            }
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(LeavePages.status(e)).entity(typesPage(ctx, null, problems, id)).build();
        }
        return Forms.done("/admin/leave/types", "new".equals(id) ? "created" : "saved");
    }

    private LeaveTypeInput typeInput(MultivaluedMap<String, String> form) {
        List<String> problems = new ArrayList<>();
        LeaveType.BalanceRule rule = enumOf(LeaveType.BalanceRule.class, Forms.text(form, "balanceRule"), "balanceRule", problems);
        LeaveType.Allocation allocation = enumOf(LeaveType.Allocation.class, Forms.text(form, "allocation"), "allocation",
                problems);
        BigDecimal yearly = decimal(Forms.text(form, "yearlyDays"), "yearlyDays", problems);
        BigDecimal max = decimal(Forms.text(form, "maxDays"), "maxDays", problems);
        String code = Forms.text(form, "code");
        String nameVi = Forms.text(form, "nameVi");
        String nameEn = Forms.text(form, "nameEn");
        if (code == null || nameVi == null || nameEn == null) {
            problems.add("code, nameVi and nameEn are required");
        }
        if (!problems.isEmpty()) {
            throw new vn.onduty.server.api.InvalidInputException("Invalid leave type", problems);
        }
        String limit = Forms.text(form, "limitRule");
        LeaveType.LimitRule limitRule = limit == null ? null
                : enumOf(LeaveType.LimitRule.class, limit, "limitRule", problems);
        if (!problems.isEmpty()) {
            throw new vn.onduty.server.api.InvalidInputException("Invalid leave type", problems);
        }
        return new LeaveTypeInput(code, nameVi, nameEn, Forms.text(form, "timesheetCode"), form.containsKey("paid"), rule,
                allocation, yearly, max, form.containsKey("halfDaysAllowed"), form.containsKey("documentRequired"),
                Forms.integer(form, "sortOrder"), form.containsKey("active"), form.containsKey("countsCalendarDays"),
                limitRule, Forms.integer(form, "eventWindowDays"));
    }

    private PageView typesPage(WebContext ctx, String done, List<String> problems, String failed) {
        Map<String, Object> data = new HashMap<>();
        List<LeaveType> rows = new ArrayList<>(types.all());
        // The last row makes a new type: an empty one to fill in.
        rows.add(new LeaveType(0, "", "", "", "PERSONAL_PAID", true, LeaveType.BalanceRule.NONE, LeaveType.Allocation.NONE,
                null, null, true, false, 200, true, false, null, null));
        data.put("types", rows);
        data.put("symbols", timesheets.symbols());
        data.put("balanceRules", LeaveType.BalanceRule.values());
        data.put("allocations", LeaveType.Allocation.values());
        data.put("limitRules", LeaveType.LimitRule.values());
        data.put("problems", problems);
        if (failed != null) {
            data.put("failed", failed);
        }
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
        return new PageView("leave/types.ftlh", ctx, "leave.types.title", data);
    }

    // --- chains

    @GET
    @Path("chains")
    public PageView chains(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        return chainsPage(web.context(request), done, List.of());
    }

    @POST
    @Path("chains")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveChain(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        String scope = Forms.text(form, "scope");
        Long siteId = scope != null && scope.startsWith("site:") ? Forms.id(scope.substring(5)) : null;
        Long departmentId = scope != null && scope.startsWith("department:") ? Forms.id(scope.substring(11)) : null;
        List<LeaveApprovals.StepInput> steps = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String approver = Forms.text(form, "step" + i);
            if (approver == null) {
                continue;
            }
            steps.add("SUPERVISORS".equals(approver) ? new LeaveApprovals.StepInput(LeaveRequest.StepKind.SUPERVISORS, null)
                    : new LeaveApprovals.StepInput(LeaveRequest.StepKind.ACCOUNT, Forms.id(approver)));
        }
        try {
            approvals.setChain(new LeaveApprovals.ChainInput(siteId, departmentId, steps), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(LeavePages.status(e)).entity(chainsPage(ctx, null, problems)).build();
        }
        return Forms.done("/admin/leave/chains", "saved");
    }

    private PageView chainsPage(WebContext ctx, String done, List<String> problems) {
        Map<String, Object> data = new HashMap<>();
        data.put("chains", approvals.chains());
        data.put("accounts", approvals.approverAccounts());
        data.put("names", org.names());
        OrgChoices.Choices choices = org.choicesFor(ctx.caller());
        data.put("sites", choices.sites());
        data.put("departments", choices.departments());
        data.put("problems", problems);
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
        return new PageView("leave/chains.ftlh", ctx, "leave.chains.title", data);
    }

    // --- entitlements

    @GET
    @Path("allocations")
    public PageView allocations(@Context ContainerRequestContext request, @QueryParam("year") Integer year,
                                @QueryParam("siteId") Long siteId, @QueryParam("done") String done) {
        return allocationsPage(web.context(request), year, siteId, done, List.of());
    }

    @POST
    @Path("allocations/{action: allocate|carry-over|adjust}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response allocate(@Context ContainerRequestContext request, @PathParam("action") String action,
                             MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Integer year = Forms.integer(form, "year");
        String done;
        try {
            switch (action) {
                case "allocate" -> {
                    ledger.allocateYear(year, ctx.caller());
                    done = "allocated";
                }
                case "carry-over" -> {
                    List<String> problems = new ArrayList<>();
                    BigDecimal max = decimal(Forms.text(form, "maxDays"), "maxDays", problems);
                    if (!problems.isEmpty()) {
                        throw new vn.onduty.server.api.InvalidInputException("Invalid carry-over", problems);
                    }
                    ledger.carryOver(new LeaveLedger.CarryOverInput(year, null, max, Forms.date(form, "validUntil")),
                            ctx.caller());
                    done = "carried";
                }
                default -> {
                    List<String> problems = new ArrayList<>();
                    BigDecimal days = decimal(Forms.text(form, "days"), "days", problems);
                    if (!problems.isEmpty()) {
                        throw new vn.onduty.server.api.InvalidInputException("Invalid adjustment", problems);
                    }
                    ledger.adjust(new LeaveLedger.AdjustmentInput(Forms.id(form, "staffId"), Forms.id(form, "leaveTypeId"),
                            year, days, Forms.text(form, "reason")), ctx.caller());
                    done = "adjusted";
                }
            }
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(LeavePages.status(e)).entity(allocationsPage(ctx, year, null, null, problems)).build();
        }
        int y = year == null || year < 2000 ? LocalDate.now(clock).getYear() : year;
        return Response.seeOther(URI.create("/admin/leave/allocations?year=" + y + "&done=" + done)).build();
    }

    private PageView allocationsPage(WebContext ctx, Integer year, Long siteId, String done, List<String> problems) {
        int y = year == null || year < 2000 || year > 2199 ? LocalDate.now(clock).getYear() : year;
        Map<String, Object> data = new HashMap<>();
        data.put("year", y);
        data.put("sites", org.choicesFor(ctx.caller()).sites());
        data.put("siteId", siteId == null ? -1L : siteId);
        List<Staff> people = staff.list(siteId, null, null, true, PageRequest.of(1, PageRequest.MAX_SIZE), ctx.caller()).items();
        data.put("staff", people);
        Map<String, Balance> annual = new LinkedHashMap<>();
        for (Staff s : people) {
            ledger.balances(s.id(), y, ctx.caller()).stream().filter(b -> "ANNUAL".equals(b.leaveTypeCode())).findFirst()
                    .ifPresent(b -> annual.put(String.valueOf(s.id()), b));
        }
        data.put("annual", annual);
        data.put("types", types.all().stream().filter(LeaveType::tracked).toList());
        data.put("problems", problems);
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
        return new PageView("leave/allocations.ftlh", ctx, "leave.allocations.title", data);
    }

    // --- helpers

    private static BigDecimal decimal(String v, String field, List<String> problems) {
        if (v == null) {
            return null;
        }
        try {
            return new BigDecimal(v.replace(',', '.'));
        } catch (NumberFormatException e) {
            problems.add(field + " must be a number, e.g. 1.5");
            return null;
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String v, String field, List<String> problems) {
        try {
            return v == null ? null : Enum.valueOf(type, v);
        } catch (IllegalArgumentException e) {
            problems.add(field + " is not one of the choices");
            return null;
        }
    }
}
