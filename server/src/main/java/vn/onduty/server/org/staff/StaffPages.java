package vn.onduty.server.org.staff;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.HashMap;
import java.util.Map;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.org.OrgChoices;
import vn.onduty.server.web.ListFilters;
import vn.onduty.server.web.PageView;
import vn.onduty.server.web.Web;
import vn.onduty.server.web.WebContext;

/**
 * A supervisor's read-only view of the staff they lead. The service cuts the list to the caller's
 * scope and answers a record out of scope as not found, so this page never decides who sees whom.
 */
@Path("/staff")
@Hidden
@RolesAllowed({"SUPERVISOR", "ADMIN"})
@Produces(MediaType.TEXT_HTML + ";charset=UTF-8")
public class StaffPages {

    private final Web web;
    private final StaffService staff;
    private final OrgChoices org;

    public StaffPages(Web web, StaffService staff, OrgChoices org) {
        this.web = web;
        this.staff = staff;
        this.org = org;
    }

    @GET
    public PageView list(@Context ContainerRequestContext request, @QueryParam("siteId") Long siteId,
                         @QueryParam("departmentId") Long departmentId, @QueryParam("q") String q,
                         @QueryParam("active") String active, @QueryParam("page") Integer page) {
        WebContext ctx = web.context(request);
        return new PageView("staff/list.ftlh", ctx, "myStaff.title",
                listData(staff, org, ctx, siteId, departmentId, q, active, page));
    }

    @GET
    @Path("{id}")
    public PageView detail(@Context ContainerRequestContext request, @PathParam("id") long id) {
        WebContext ctx = web.context(request);
        Staff s = staff.find(id, ctx.caller()).orElseThrow(NotFoundException::new);
        Map<String, Object> data = new HashMap<>();
        data.put("staff", s);
        data.put("names", org.names());
        return new PageView("staff/detail.ftlh", ctx, "myStaff.detail", data);
    }

    /** The staff list with its filters, as both this page and the admin page show it. */
    static Map<String, Object> listData(StaffService staff, OrgChoices org, WebContext ctx, Long site,
                                        Long department, String q, String active, Integer page) {
        Map<String, Object> data = new HashMap<>();
        data.put("result", staff.list(site, department, q, ListFilters.active(active),
                PageRequest.of(ListFilters.page(page), 25), ctx.caller()));
        data.put("q", q == null ? "" : q);
        data.put("active", active == null ? "true" : active);
        data.put("siteId", site == null ? "" : site.toString());
        data.put("departmentId", department == null ? "" : department.toString());
        data.put("names", org.names());
        OrgChoices.Choices choices = org.choicesFor(ctx.caller());
        data.put("sites", choices.sites());
        data.put("departments", choices.departments());
        return data;
    }
}
