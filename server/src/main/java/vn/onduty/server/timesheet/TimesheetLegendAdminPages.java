package vn.onduty.server.timesheet;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.web.Forms;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * The admin page for the timesheet forms: the legend (symbol, labels and total of each status and leave code), the
 * forms' header lines, and each department's paying unit and budget relation code.
 */
@Path("/admin/timesheet-symbols")
@Hidden
@RolesAllowed("ADMIN")
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class TimesheetLegendAdminPages {

    /** The departments a paying unit may be set for. */
    @FunctionalInterface
    public interface Departments {
        List<Department> list();
    }

    /** The sites whose repayment of duty may be set. */
    @FunctionalInterface
    public interface Sites {
        List<Site> list();
    }

    private final Web web;
    private final TimesheetService timesheets;
    private final Departments departments;
    private final Sites sites;

    public TimesheetLegendAdminPages(Web web, TimesheetService timesheets, Departments departments, Sites sites) {
        this.web = web;
        this.timesheets = timesheets;
        this.departments = departments;
        this.sites = sites;
    }

    @GET
    public PageView symbols(@Context ContainerRequestContext request, @QueryParam("done") String done) {
        Map<String, Object> data = new HashMap<>();
        data.put("symbols", timesheets.symbols());
        formData(data);
        data.put("countsAs", TimesheetSymbol.CountsAs.values());
        data.put("problems", List.of());
        if (done != null && "saved".equals(done)) {
            data.put("done", done);
        }
        return new PageView("timesheet/symbols.ftlh", web.context(request), "timesheet.symbols.title", data);
    }

    @POST
    @Path("{code}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveSymbol(@Context ContainerRequestContext request, @PathParam("code") String code,
                               MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        TimesheetSymbol.CountsAs countsAs;
        try {
            String raw = Forms.text(form, "countsAs");
            countsAs = raw == null ? null : TimesheetSymbol.CountsAs.valueOf(raw);
        } catch (IllegalArgumentException e) {
            countsAs = null;
        }
        TimesheetService.SymbolInput input = new TimesheetService.SymbolInput(Forms.text(form, "symbol"),
                Forms.text(form, "labelVi"), Forms.text(form, "labelEn"), countsAs);
        try {
            timesheets.updateSymbol(code, input, ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            Map<String, Object> data = new HashMap<>();
            data.put("symbols", timesheets.symbols());
            formData(data);
            data.put("countsAs", TimesheetSymbol.CountsAs.values());
            data.put("problems", problems);
            data.put("failed", code);
            return Response.status(status(e)).entity(
                    new PageView("timesheet/symbols.ftlh", ctx, "timesheet.symbols.title", data)).build();
        }
        return Forms.done("/admin/timesheet-symbols", "saved");
    }

    /**
     * The forms' header lines and each department's paying unit: one form, a row per active department
     * ({@code unit.<id>} and {@code budget.<id>}); a department whose unit is its own name and has no code is not stored.
     */
    @POST
    @Path("form")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response saveForm(@Context ContainerRequestContext request, MultivaluedMap<String, String> form) {
        WebContext ctx = web.context(request);
        List<Timesheet.Unit> units = new java.util.ArrayList<>();
        for (Department d : departments.list()) {
            String unit = Forms.text(form, "unit." + d.id());
            String budget = Forms.text(form, "budget." + d.id());
            boolean stored = timesheets.formSettings().units().stream().anyMatch(u -> u.departmentId() == d.id());
            if (stored || budget != null || (unit != null && !unit.equals(d.name()))) {
                units.add(new Timesheet.Unit(d.id(), unit, budget));
            }
        }
        Timesheet.Form header = new Timesheet.Form(Forms.text(form, "formCode"), Forms.text(form, "legalBasis"),
                Forms.text(form, "overtimeFormCode"));
        List<TimesheetDao.SiteRepayment> repaid = new java.util.ArrayList<>();
        for (Site site : sites.list()) {
            String v = Forms.text(form, "repaid." + site.id());
            if (v != null) {
                try {
                    repaid.add(new TimesheetDao.SiteRepayment(site.id(), OvertimeSheet.Repaid.valueOf(v)));
                } catch (IllegalArgumentException e) {
                    // The select offers only the two choices: anything else leaves the site as it was.
                }
            }
        }
        try {
            timesheets.updateForm(new TimesheetService.FormSettings(header, units, repaid), ctx.caller());
        } catch (RuntimeException e) {
            List<String> problems = Forms.problems(e, ctx.t()).orElseThrow(() -> e);
            Map<String, Object> data = new HashMap<>();
            data.put("symbols", timesheets.symbols());
            formData(data);
            data.put("countsAs", TimesheetSymbol.CountsAs.values());
            data.put("problems", problems);
            return Response.status(status(e)).entity(
                    new PageView("timesheet/symbols.ftlh", ctx, "timesheet.symbols.title", data)).build();
        }
        return Forms.done("/admin/timesheet-symbols", "saved");
    }

    private void formData(Map<String, Object> data) {
        TimesheetService.FormSettings settings = timesheets.formSettings();
        Map<Long, Timesheet.Unit> units = new java.util.HashMap<>();
        settings.units().forEach(u -> units.put(u.departmentId(), u));
        List<Timesheet.Unit> rows = departments.list().stream()
                .map(d -> units.getOrDefault(d.id(), new Timesheet.Unit(d.id(), d.name(), null))).toList();
        data.put("form", settings.form());
        Map<Long, OvertimeSheet.Repaid> repaid = new java.util.HashMap<>();
        settings.dutyRepaid().forEach(r -> repaid.put(r.siteId(), r.dutyRepaid()));
        data.put("repaidSites", sites.list().stream().map(site -> List.of(String.valueOf(site.id()), site.name(),
                repaid.getOrDefault(site.id(), OvertimeSheet.Repaid.OVERTIME).name())).toList());
        data.put("repaidChoices", OvertimeSheet.Repaid.values());
        data.put("units", rows);
        data.put("departmentNames", departments.list().stream()
                .collect(java.util.stream.Collectors.toMap(d -> String.valueOf(d.id()), Department::name)));
    }

    private static int status(RuntimeException e) {
        return vn.onduty.server.api.ExceptionMappers.known(e).map(vn.onduty.server.api.ExceptionMappers.KnownFailure::code)
                .orElse(422);
    }
}
