package vn.onduty.server.timesheet;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.db.ReplicaReads;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The monthly timesheet for supervisors and admins: the C01a-HD sheet of a site or department with its legend,
 * download as XLSX, a print view, locking the month and (admins) reopening it. The legend's admin page is
 * {@link TimesheetLegendAdminPages}.
 */
@Path("/")
@Hidden
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class TimesheetPages {

    static final Set<String> DONE = Set.of("locked", "unlocked", "saved");

    private final Web web;
    private final TimesheetService timesheets;
    private final OrgChoices org;
    private final Clock clock;

    public TimesheetPages(Web web, TimesheetService timesheets, OrgChoices org, Clock clock) {
        this.web = web;
        this.timesheets = timesheets;
        this.org = org;
        this.clock = clock;
    }

    @GET
    @Path("timesheets")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView sheet(@Context ContainerRequestContext request, @QueryParam("month") YearMonth month,
                          @QueryParam("siteId") Long siteId, @QueryParam("departmentId") Long departmentId,
                          @QueryParam("done") String done) {
        WebContext ctx = web.context(request);
        PageView page = page(ctx, "timesheet/timesheet.ftlh", month, siteId, departmentId, null);
        if (done != null && DONE.contains(done)) {
            page.getData().put("done", done);
        }
        return page;
    }

    @GET
    @Path("timesheets/print")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView print(@Context ContainerRequestContext request, @QueryParam("month") YearMonth month,
                          @QueryParam("siteId") Long siteId, @QueryParam("departmentId") Long departmentId) {
        return page(web.context(request), "timesheet/timesheet-print.ftlh", month, siteId, departmentId, null);
    }

    @GET
    @Path("timesheets/overtime")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    public PageView overtime(@Context ContainerRequestContext request, @QueryParam("month") YearMonth month,
                             @QueryParam("siteId") Long siteId, @QueryParam("departmentId") Long departmentId) {
        PageView page = page(web.context(request), "timesheet/overtime.ftlh", month, siteId, departmentId, null);
        Object sheet = page.getData().get("sheet");
        if (sheet instanceof Timesheet t) {
            page.getData().put("overtime", timesheets.overtime(t.yearMonth(), t.siteId(), t.departmentId(),
                    web.context(request).caller()));
        }
        return page;
    }

    @POST
    @Path("timesheets/lock")
    @RolesAllowed({"SUPERVISOR", "ADMIN"})
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response lock(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        YearMonth ym = month(form);
        Long siteId = Forms.id(form, "siteId");
        Long departmentId = Forms.id(form, "departmentId");
        try {
            timesheets.lock(ym, siteId == null ? 0 : siteId, departmentId, ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            return Response.status(status(e)).entity(page(ctx, "timesheet/timesheet.ftlh", ym, siteId, departmentId, problems))
                    .build();
        }
        return Response.seeOther(URI.create(link(ym, siteId, departmentId) + "&done=locked")).build();
    }

    @POST
    @Path("timesheets/unlock")
    @RolesAllowed("ADMIN")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response unlock(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        YearMonth ym = month(form);
        Long siteId = Forms.id(form, "siteId");
        Long departmentId = Forms.id(form, "departmentId");
        try {
            timesheets.unlock(ym, siteId == null ? 0 : siteId, departmentId, Forms.text(form, "reason"), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            PageView again = page(ctx, "timesheet/timesheet.ftlh", ym, siteId, departmentId, problems);
            again.getData().put("reasonError", Forms.text(form, "reason") == null);
            return Response.status(status(e)).entity(again).build();
        }
        return Response.seeOther(URI.create(link(ym, siteId, departmentId) + "&done=unlocked")).build();
    }

    private PageView page(WebContext ctx, String template, YearMonth month, Long siteId, Long departmentId,
                          List<String> problems) {
        Caller caller = ctx.caller();
        OrgChoices.SitePick pick = org.pickSite(caller, siteId);
        Long site = pick.siteId();
        // The whole site's sheet for its supervisors; a department's for the supervisors of the department.
        boolean wholeSite = site != null && timesheets.mayRead(site, null, caller);
        List<Department> departments = org.choicesFor(caller).departments().stream()
                .filter(d -> wholeSite || (site != null && timesheets.mayRead(site, d.id(), caller)))
                .toList();
        Long department = departmentId != null ? departmentId
                : wholeSite || departments.isEmpty() ? null : departments.get(0).id();
        ZoneId zone = pick.site() == null ? ZoneId.of("Asia/Ho_Chi_Minh") : ZoneId.of(pick.site().timeZone());
        YearMonth ym = month != null ? month : YearMonth.now(clock.withZone(zone));
        Map<String, Object> data = new HashMap<>();
        pick.into(data);
        data.put("departments", departments);
        data.put("departmentId", department == null ? 0L : department);
        data.put("wholeSite", wholeSite);
        data.put("zone", zone.getId());
        data.put("month", ym.toString());
        data.put("monthLabel", String.format("%02d/%d", ym.getMonthValue(), ym.getYear()));
        data.put("prev", link(ym.minusMonths(1), site, department));
        data.put("next", link(ym.plusMonths(1), site, department));
        data.put("self", link(ym, site, department));
        data.put("query", query(ym, site, department));
        data.put("problems", problems == null ? List.of() : problems);
        if (site != null) {
            ReplicaReads.Read<Timesheet> read = timesheets.sheetRead(ym, site, department, caller);
            Timesheet sheet = read.value();
            data.put("sheet", sheet);
            data.put("readFrom", read.from());
            data.put("xlsx", "/api/timesheets/" + ym + "?siteId=" + site
                    + (department == null ? "" : "&departmentId=" + department) + "&format=xlsx");
            data.put("lockedHere", sheet.locks().stream().anyMatch(l -> java.util.Objects.equals(l.departmentId(), department)));
            data.put("lockedAbove", sheet.locks().stream().anyMatch(l -> l.departmentId() == null && department != null));
        }
        return new PageView(template, ctx, "timesheet.title", data);
    }

    private static int status(RuntimeException e) {
        return vn.onduty.server.api.ExceptionMappers.known(e).map(vn.onduty.server.api.ExceptionMappers.KnownFailure::code)
                .orElse(422);
    }

    private static String link(YearMonth month, Long siteId, Long departmentId) {
        return "/timesheets?" + query(month, siteId, departmentId);
    }

    private static String query(YearMonth month, Long siteId, Long departmentId) {
        return "month=" + month + (siteId == null ? "" : "&siteId=" + siteId)
                + (departmentId == null ? "" : "&departmentId=" + departmentId);
    }

    /** The month a lock or unlock form is for: a hidden field, so a bad one is a broken form, refused as input. */
    private static YearMonth month(MultivaluedMap<String, String> form) {
        YearMonth month = Forms.month(form, "month");
        if (month == null) {
            throw vn.onduty.server.api.InvalidInputException.field("month", "is required, e.g. 2026-11");
        }
        return month;
    }
}
