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
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.media.multipart.FormDataBodyPart;
import org.glassfish.jersey.media.multipart.FormDataMultiPart;
import vn.onduty.server.api.BodyLimit;
import vn.onduty.server.api.ExceptionMappers;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.web.Format;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * Leave for everyone signed in: my balances and requests, the request form with its live working-day count,
 * a request's page with its decisions (approve, reject, cancel), the approvals inbox with its count for the
 * navigation, delegation while away, and the team calendar for supervisors.
 */
@Path("/leave")
@Hidden
@RolesAllowed({"OFFICER", "SUPERVISOR", "ADMIN"})
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class LeavePages {

    static final Set<String> DONE = Set.of("requested", "approved", "rejected", "cancelled", "delegated", "revoked");

    private final Web web;
    private final LeaveTypes types;
    private final LeaveLedger ledger;
    private final LeaveRequests requests;
    private final LeaveApprovals approvals;
    private final LeaveCoverage coverage;
    private final OrgChoices org;
    private final Clock clock;

    public LeavePages(Web web, LeaveTypes types, LeaveLedger ledger, LeaveRequests requests, LeaveApprovals approvals,
                      LeaveCoverage coverage, OrgChoices org, Clock clock) {
        this.web = web;
        this.types = types;
        this.ledger = ledger;
        this.requests = requests;
        this.approvals = approvals;
        this.coverage = coverage;
        this.org = org;
        this.clock = clock;
    }

    @GET
    public PageView mine(@Context ContainerRequestContext request, @QueryParam("year") Integer year) {
        WebContext ctx = web.context(request);
        int y = year == null ? today().getYear() : year;
        Map<String, Object> data = new HashMap<>();
        data.put("year", y);
        data.put("types", typeNames(ctx));
        if (ctx.caller().staffId() != null) {
            data.put("balances", ledger.balances(ctx.caller().staffId(), y, ctx.caller()));
            data.put("requests", requests.list(ctx.caller().staffId(), null, null, null, PageRequest.of(1, 100),
                    ctx.caller()).items());
        }
        return new PageView("leave/mine.ftlh", ctx, "leave.mine.title", data);
    }

    @GET
    @Path("new")
    public PageView form(@Context ContainerRequestContext request) {
        WebContext ctx = web.context(request);
        Map<String, String> input = new HashMap<>();
        input.put("startPart", "MORNING");
        input.put("endPart", "AFTERNOON");
        return (PageView) formPage(ctx, input, List.of(), 200).getEntity();
    }

    @POST
    @Path("new")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @BodyLimit(LeaveRequests.MAX_ATTACHMENT_BYTES + BodyLimit.ENVELOPE)
    public Response create(@Context ContainerRequestContext request, FormDataMultiPart form) {
        WebContext ctx = web.context(request);
        Map<String, String> typed = new HashMap<>();
        for (String f : List.of("leaveTypeId", "startDate", "startPart", "endDate", "endPart", "reason", "childBirthDate",
                "children", "surgery")) {
            FormDataBodyPart p = form.getField(f);
            typed.put(f, p == null ? null : p.getValue());
        }
        LeaveRequestInput.Attachment attachment = null;
        FormDataBodyPart file = form.getField("attachment");
        if (file != null && file.getContentDisposition().getFileName() != null
                && !file.getContentDisposition().getFileName().isBlank()) {
            byte[] bytes;
            try (InputStream in = file.getValueAs(InputStream.class)) {
                bytes = in.readNBytes(LeaveRequests.MAX_ATTACHMENT_BYTES + 1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (bytes.length > 0) {
                attachment = new LeaveRequestInput.Attachment(file.getContentDisposition().getFileName(),
                        file.getMediaType().toString(), Base64.getEncoder().encodeToString(bytes));
            }
        }
        try {
            LeaveRequest made = requests.request(input(typed, attachment), ctx.caller());
            return Response.seeOther(URI.create("/leave/requests/" + made.id() + "?done=requested")).build();
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return formPage(ctx, typed, problems, status(e));
        }
    }

    /** The live count beside the form: working days and the balance, as the officer fills the dates in. */
    @POST
    @Path("preview")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public PageView preview(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        Map<String, String> typed = new HashMap<>();
        for (String f : List.of("leaveTypeId", "startDate", "startPart", "endDate", "endPart", "childBirthDate", "children",
                "surgery")) {
            typed.put(f, Forms.text(form, f));
        }
        Map<String, Object> data = new HashMap<>();
        if (typed.get("leaveTypeId") != null && typed.get("startDate") != null && typed.get("endDate") != null) {
            try {
                data.put("preview", requests.preview(input(typed, null), ctx.caller()));
            } catch (RuntimeException e) {
                data.put("problems", Forms.problems(e, ctx.t()).orElseThrow(() -> e));
            }
        }
        return new PageView("leave/preview.ftlh", ctx, "leave.form.title", data);
    }

    @GET
    @Path("requests/{id}")
    public PageView detail(@Context ContainerRequestContext request, @PathParam("id") long id,
                           @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        return detailPage(ctx, id, done, List.of());
    }

    @GET
    @Path("requests/{id}/attachment")
    @Produces({"application/pdf", "image/jpeg", "image/png"})
    public Response attachment(@Context ContainerRequestContext request, @PathParam("id") long id) {
        LeaveDao.AttachmentRow a = requests.attachment(id, web.context(request).caller());
        return Response.ok(a.content(), a.contentType())
                .header("Content-Disposition", "attachment; filename=\"" + a.fileName().replaceAll("[^A-Za-z0-9._-]", "_") + "\"")
                .header("X-Content-Type-Options", "nosniff").build();
    }

    @POST
    @Path("requests/{id}/{action: approve|reject|cancel}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@Context ContainerRequestContext request, @PathParam("id") long id,
                           @PathParam("action") String action, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        String comment = Forms.text(form, "comment");
        Integer step = Forms.integer(form, "step");
        try {
            LeaveRequest r = switch (action) {
                case "approve" -> approvals.approve(id, new LeaveApprovals.DecisionInput(step, comment,
                        Forms.id(form, "substituteStaffId")), ctx.caller());
                case "reject" -> approvals.reject(id, new LeaveApprovals.DecisionInput(step, comment), ctx.caller());
                default -> requests.cancel(id, new LeaveRequests.CancelInput(comment), ctx.caller());
            };
            String done = switch (action) {
                case "approve" -> r.status() == LeaveRequest.Status.CANCELLED ? "cancelled" : "approved";
                case "reject" -> "rejected";
                default -> "cancelled";
            };
            return Response.seeOther(URI.create("/leave/requests/" + id + "?done=" + done)).build();
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(status(e)).entity(detailPage(ctx, id, null, problems)).build();
        }
    }

    @GET
    @Path("inbox")
    public PageView inbox(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        Map<String, Object> data = new HashMap<>();
        data.put("requests", approvals.inbox(ctx.caller()));
        List<LeaveDao.DelegationRow> delegations = approvals.delegations(ctx.caller());
        data.put("delegations", delegations);
        data.put("revocable", delegations.stream().filter(d -> approvals.canRevoke(d, ctx.caller()))
                .map(LeaveDao.DelegationRow::id).toList());
        data.put("accounts", approvals.approverAccounts());
        data.put("problems", List.of());
        data.put("today", today().toString());
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
        return new PageView("leave/inbox.ftlh", ctx, "leave.inbox.title", data);
    }

    /** The number beside "Approvals" in the navigation, loaded by every page. */
    @GET
    @Path("inbox/count")
    @Produces(MediaType.TEXT_PLAIN + ";charset=UTF-8")
    public String inboxCount(@Context ContainerRequestContext request) {
        long n = approvals.inboxCount(web.context(request).caller());
        return n == 0 ? "" : String.valueOf(n);
    }

    @POST
    @Path("delegations")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response delegate(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        try {
            approvals.delegate(new LeaveApprovals.DelegationInput(null, Forms.id(form, "toUserId"), Forms.date(form, "startsOn"),
                    Forms.date(form, "endsOn")), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            PageView page = inbox(request, null);
            page.getData().put("problems", problems);
            return Response.status(status(e)).entity(page).build();
        }
        return Response.seeOther(URI.create("/leave/inbox?done=delegated")).build();
    }

    /** Ends a delegation now: the requests the delegate could decide come back to the one who delegated. */
    @POST
    @Path("delegations/{id}/revoke")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response revokeDelegation(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        try {
            approvals.revokeDelegation(id, ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            PageView page = inbox(request, null);
            page.getData().put("problems", problems);
            return Response.status(status(e)).entity(page).build();
        }
        return Response.seeOther(URI.create("/leave/inbox?done=revoked")).build();
    }

    @GET
    @Path("calendar")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView calendar(@Context ContainerRequestContext request, @QueryParam("month") YearMonth month,
                             @QueryParam("siteId") Long siteId, @QueryParam("departmentId") Long departmentId) {
        WebContext ctx = web.context(request);
        YearMonth ym = month != null ? month : YearMonth.from(today());
        var caller = ctx.caller();
        OrgChoices.Choices choices = org.choicesFor(caller);
        var sites = choices.sites();
        var departments = choices.departments();
        Long site = siteId;
        Long department = departmentId;
        if (site == null && department == null) {
            if (!sites.isEmpty()) {
                site = sites.get(0).id();
            } else if (!departments.isEmpty()) {
                department = departments.get(0).id();
            }
        }
        if (site != null && department != null) {
            department = null;
        }
        Map<String, Object> data = new HashMap<>();
        data.put("month", ym.toString());
        data.put("prev", link(ym.minusMonths(1), site, department));
        data.put("next", link(ym.plusMonths(1), site, department));
        data.put("sites", sites);
        data.put("departments", departments);
        data.put("siteId", site == null ? -1L : site);
        data.put("departmentId", department == null ? -1L : department);
        data.put("problems", List.of());
        if (site != null || department != null) {
            data.put("calendar", coverage.teamCalendar(ym, site, department, caller));
        }
        return new PageView("leave/calendar.ftlh", ctx, "leave.calendar.title", data);
    }

    private static String link(YearMonth m, Long site, Long department) {
        return "/leave/calendar?month=" + m + (site != null ? "&siteId=" + site : "")
                + (department != null ? "&departmentId=" + department : "");
    }

    // --- helpers

    private PageView detailPage(WebContext ctx, long id, String done, List<String> problems) {
        LeaveRequest r = requests.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
        Map<String, Object> data = new HashMap<>();
        data.put("r", r);
        data.put("canDecide", approvals.canDecide(r, ctx.caller()));
        boolean own = r.staffIdEquals(ctx.caller().staffId()) || ctx.caller().isAdmin();
        data.put("canCancel", own && (r.status() == LeaveRequest.Status.PENDING || r.status() == LeaveRequest.Status.APPROVED));
        data.put("begun", !today().isBefore(r.startDate()));
        List<LeaveCoverage.Coverage> sessions = coverage.of(id, ctx.caller());
        data.put("coverage", sessions);
        if (r.substituteStaffId() != null) {
            sessions.stream().flatMap(c -> java.util.stream.Stream.concat(c.free().stream(),
                            c.substitute() == null ? java.util.stream.Stream.empty() : java.util.stream.Stream.of(c.substitute())))
                    .filter(o -> o.id() == r.substituteStaffId()).findFirst()
                    .ifPresent(o -> data.put("substituteName", o.name()));
        }
        // A substitute is chosen when approving, from those free in every uncovered session.
        List<LeaveCoverage.Coverage> gaps = sessions.stream().filter(c -> !c.covered()).toList();
        if (r.status() == LeaveRequest.Status.PENDING && !gaps.isEmpty()) {
            data.put("substitutes", gaps.get(0).free().stream()
                    .filter(o -> gaps.stream().allMatch(g -> g.free().stream().anyMatch(f -> f.id() == o.id()))).toList());
        }
        data.put("problems", problems);
        if (done != null && DONE.contains(done)) {
            data.put("done", done);
        }
        return new PageView("leave/request.ftlh", ctx, "leave.request.title", data);
    }

    private Response formPage(WebContext ctx, Map<String, String> input, List<String> problems, int status) {
        Map<String, Object> data = new HashMap<>();
        data.put("input", input);
        data.put("problems", problems);
        data.put("types", types.all().stream().filter(LeaveType::active).toList());
        data.put("year", today().getYear());
        if (ctx.caller().staffId() != null) {
            data.put("balances", ledger.balances(ctx.caller().staffId(), today().getYear(), ctx.caller()));
        }
        return Response.status(status).entity(new PageView("leave/form.ftlh", ctx, "leave.form.title", data)).build();
    }

    private Map<Long, String> typeNames(WebContext ctx) {
        Map<Long, String> out = new LinkedHashMap<>();
        types.all().forEach(t -> out.put(t.id(), t.name(ctx.lang())));
        return out;
    }

    private static LeaveRequestInput input(Map<String, String> typed, LeaveRequestInput.Attachment attachment) {
        return new LeaveRequestInput(null, Forms.id(typed.get("leaveTypeId")), Forms.date(typed.get("startDate")),
                part(typed.get("startPart")), Forms.date(typed.get("endDate")), part(typed.get("endPart")),
                typed.get("reason"), attachment, Forms.date(typed.get("childBirthDate")), children(typed.get("children")),
                "on".equals(typed.get("surgery")) || "true".equals(typed.get("surgery")));
    }

    private static Integer children(String v) {
        try {
            return v == null || v.isBlank() ? null : Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static SessionPart part(String v) {
        try {
            return v == null || v.isBlank() ? null : SessionPart.valueOf(v.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(Format.DEFAULT_ZONE));
    }

    static int status(RuntimeException e) {
        return ExceptionMappers.known(e).map(ExceptionMappers.KnownFailure::code).orElse(422);
    }
}
